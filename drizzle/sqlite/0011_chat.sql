CREATE TABLE `chat_gaps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`video_id` integer NOT NULL,
	`reason` text NOT NULL,
	`started_at` text NOT NULL,
	`ended_at` text NOT NULL,
	`offset_ms` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "chat_gaps_reason" CHECK("chat_gaps"."reason" in ('reconnect', 'disconnected', 'restart'))
);
--> statement-breakpoint
CREATE INDEX `chat_gaps_video` ON `chat_gaps` (`video_id`,`offset_ms`);--> statement-breakpoint
CREATE TABLE `chat_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`video_id` integer NOT NULL,
	`msg_id` text NOT NULL,
	`kind` text NOT NULL,
	`sent_at` text NOT NULL,
	`offset_ms` integer NOT NULL,
	`user_id` text,
	`user_login` text,
	`display_name` text,
	`text` text NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`raw` text NOT NULL,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "chat_messages_kind" CHECK("chat_messages"."kind" in ('message', 'sub', 'resub', 'subgift', 'submysterygift', 'giftpaidupgrade', 'raid', 'announcement', 'bitsbadgetier', 'notice', 'timeout', 'ban', 'clear', 'roomstate'))
);
--> statement-breakpoint
CREATE INDEX `chat_messages_timeline` ON `chat_messages` (`video_id`,`offset_ms`,`id`);--> statement-breakpoint
ALTER TABLE `download_schedules` ADD `record_chat` integer DEFAULT true NOT NULL;