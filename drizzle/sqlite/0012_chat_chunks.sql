CREATE TABLE `chat_chunks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`video_id` integer NOT NULL,
	`first_offset_ms` integer NOT NULL,
	`last_offset_ms` integer NOT NULL,
	`line_count` integer NOT NULL,
	`lines` text NOT NULL,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `chat_chunks_from` ON `chat_chunks` (`video_id`,`first_offset_ms`);--> statement-breakpoint
CREATE INDEX `chat_chunks_to` ON `chat_chunks` (`video_id`,`last_offset_ms`);--> statement-breakpoint
CREATE TABLE `chat_deletions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`video_id` integer NOT NULL,
	`offset_ms` integer NOT NULL,
	`msg_id` text NOT NULL,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `chat_deletions_video` ON `chat_deletions` (`video_id`,`offset_ms`);--> statement-breakpoint
-- The lines stored one per row so far, kept: a minute of a video's chat per chunk, in timeline order.
INSERT INTO `chat_chunks` (`video_id`, `first_offset_ms`, `last_offset_ms`, `line_count`, `lines`)
SELECT `video_id`, min(`offset_ms`), max(`offset_ms`), count(*),
	group_concat(`offset_ms` || char(9) || cast(round((julianday(`sent_at`) - 2440587.5) * 86400000.0) as integer) || char(9) || (case when `deleted` then 1 else 0 end) || char(9) || replace(replace(replace(replace(coalesce(`msg_id`, ''), '\', '\\'), char(9), '\t'), char(10), '\n'), char(13), '\r') || char(9) || `kind` || char(9) || replace(replace(replace(replace(coalesce(`user_id`, ''), '\', '\\'), char(9), '\t'), char(10), '\n'), char(13), '\r') || char(9) || replace(replace(replace(replace(coalesce(`user_login`, ''), '\', '\\'), char(9), '\t'), char(10), '\n'), char(13), '\r') || char(9) || replace(replace(replace(replace(coalesce(`display_name`, ''), '\', '\\'), char(9), '\t'), char(10), '\n'), char(13), '\r') || char(9) || replace(replace(replace(replace(coalesce(`text`, ''), '\', '\\'), char(9), '\t'), char(10), '\n'), char(13), '\r') || char(9) || `raw`, char(10) ORDER BY `offset_ms`, `id`)
FROM `chat_messages` GROUP BY `video_id`, `offset_ms` / 60000 ORDER BY `video_id`, `offset_ms` / 60000;--> statement-breakpoint
DROP TABLE `chat_messages`;