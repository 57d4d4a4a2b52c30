CREATE TABLE `video_gap_markers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`video_id` integer NOT NULL,
	`kind` text NOT NULL,
	`media_offset_seconds` real NOT NULL,
	`duration_seconds` real NOT NULL,
	`reason` text,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "video_gap_markers_kind" CHECK("video_gap_markers"."kind" in ('ad', 'gap'))
);
--> statement-breakpoint
CREATE INDEX `video_gap_markers_video` ON `video_gap_markers` (`video_id`,`media_offset_seconds`);