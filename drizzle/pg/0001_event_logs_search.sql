-- Full-text search over event logs (custom migration: drizzle-kit cannot express it).
-- A GIN index on a weighted tsvector ('simple' configuration: lower-cased words, no stemming): message A,
-- event_type B, domain C. Queries repeat this expression exactly (src/db/sql/pg.client.ts) so the
-- planner uses the index; no extra column, so both databases keep the same columns.
CREATE INDEX "event_logs_search" ON "event_logs" USING gin ((setweight(to_tsvector('simple'::regconfig, "message"), 'A') || setweight(to_tsvector('simple'::regconfig, "event_type"), 'B') || setweight(to_tsvector('simple'::regconfig, "domain"), 'C')));
