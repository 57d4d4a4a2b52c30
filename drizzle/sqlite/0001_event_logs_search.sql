-- Full-text search over event logs (custom migration: drizzle-kit cannot express it).
-- An external-content FTS5 index kept in step with event_logs by triggers; the tokenizer keeps accents
-- and folds case, like Postgres's 'simple' configuration. Column order gives bm25 its weights (message,
-- event_type, domain), matching the A/B/C weights on Postgres.
CREATE VIRTUAL TABLE `event_logs_fts` USING fts5(
	message, event_type, domain,
	content='event_logs', content_rowid='id',
	tokenize='unicode61 remove_diacritics 0'
);
--> statement-breakpoint
CREATE TRIGGER `event_logs_fts_insert` AFTER INSERT ON `event_logs` BEGIN
	INSERT INTO event_logs_fts(rowid, message, event_type, domain) VALUES (new.id, new.message, new.event_type, new.domain);
END;
--> statement-breakpoint
CREATE TRIGGER `event_logs_fts_delete` AFTER DELETE ON `event_logs` BEGIN
	INSERT INTO event_logs_fts(event_logs_fts, rowid, message, event_type, domain) VALUES ('delete', old.id, old.message, old.event_type, old.domain);
END;
--> statement-breakpoint
CREATE TRIGGER `event_logs_fts_update` AFTER UPDATE OF message, event_type, domain ON `event_logs` BEGIN
	INSERT INTO event_logs_fts(event_logs_fts, rowid, message, event_type, domain) VALUES ('delete', old.id, old.message, old.event_type, old.domain);
	INSERT INTO event_logs_fts(rowid, message, event_type, domain) VALUES (new.id, new.message, new.event_type, new.domain);
END;
