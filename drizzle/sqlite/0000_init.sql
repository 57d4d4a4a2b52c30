CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`token_prefix` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text,
	`expires_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_user_name` ON `api_tokens` (`user_id`,`name`);--> statement-breakpoint
CREATE INDEX `api_tokens_expires` ON `api_tokens` (`expires_at`) WHERE "api_tokens"."expires_at" is not null;--> statement-breakpoint
CREATE TABLE `sessions` (
	`hashed_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`encrypted_tokens` text NOT NULL,
	`expires_at` text NOT NULL,
	`last_active_at` text NOT NULL,
	`user_agent` text,
	`ip_address` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `user_settings` (
	`user_id` text PRIMARY KEY NOT NULL,
	`timezone` text DEFAULT 'UTC' NOT NULL,
	`datetime_format` text DEFAULT 'ISO' NOT NULL,
	`language` text DEFAULT 'en' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "user_settings_datetime_format" CHECK("user_settings"."datetime_format" in ('ISO', 'EU', 'US')),
	CONSTRAINT "user_settings_language" CHECK("user_settings"."language" in ('en', 'fr'))
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`login` text NOT NULL,
	`display_name` text NOT NULL,
	`email` text,
	`profile_image_url` text,
	`role` text DEFAULT 'viewer' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "users_role" CHECK("users"."role" in ('viewer', 'admin', 'owner'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_login` ON `users` (`login`);--> statement-breakpoint
CREATE TABLE `whitelist` (
	`twitch_user_id` text PRIMARY KEY NOT NULL,
	`added_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `eventsub_snapshot_subscriptions` (
	`snapshot_id` integer NOT NULL,
	`subscription_id` text NOT NULL,
	`cost_at_snapshot` integer NOT NULL,
	`status_at_snapshot` text NOT NULL,
	PRIMARY KEY(`snapshot_id`, `subscription_id`),
	FOREIGN KEY (`snapshot_id`) REFERENCES `eventsub_snapshots`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `eventsub_snapshots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`total` integer NOT NULL,
	`total_cost` integer NOT NULL,
	`max_total_cost` integer NOT NULL,
	`fetched_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `eventsub_snapshots_fetched` ON `eventsub_snapshots` (`fetched_at`);--> statement-breakpoint
CREATE TABLE `eventsub_subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`type` text NOT NULL,
	`version` text NOT NULL,
	`cost` integer DEFAULT 0 NOT NULL,
	`condition` text NOT NULL,
	`broadcaster_id` text,
	`transport_method` text NOT NULL,
	`transport_callback` text,
	`twitch_created_at` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`revoked_at` text,
	`revoked_reason` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `eventsub_subscriptions_one_active` ON `eventsub_subscriptions` (`broadcaster_id`,`type`) WHERE "eventsub_subscriptions"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX `eventsub_subscriptions_type` ON `eventsub_subscriptions` (`type`);--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`message_type` text NOT NULL,
	`event_type` text,
	`subscription_id` text,
	`broadcaster_id` text,
	`message_timestamp` text NOT NULL,
	`payload` text,
	`status` text DEFAULT 'received' NOT NULL,
	`error` text,
	`received_at` text NOT NULL,
	`processed_at` text,
	FOREIGN KEY (`subscription_id`) REFERENCES `eventsub_subscriptions`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "webhook_events_message_type" CHECK("webhook_events"."message_type" in ('notification', 'webhook_callback_verification', 'revocation')),
	CONSTRAINT "webhook_events_status" CHECK("webhook_events"."status" in ('received', 'processed', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_events_event` ON `webhook_events` (`event_id`);--> statement-breakpoint
CREATE INDEX `webhook_events_received` ON `webhook_events` (`received_at`);--> statement-breakpoint
CREATE INDEX `webhook_events_pending` ON `webhook_events` (`received_at`) WHERE "webhook_events"."status" = 'received';--> statement-breakpoint
CREATE TABLE `video_categories` (
	`video_id` integer NOT NULL,
	`category_id` text NOT NULL,
	`linked_at` text NOT NULL,
	PRIMARY KEY(`video_id`, `category_id`),
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `video_categories_category` ON `video_categories` (`category_id`,`video_id`);--> statement-breakpoint
CREATE TABLE `video_category_spans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`video_id` integer NOT NULL,
	`category_id` text NOT NULL,
	`started_at` text NOT NULL,
	`ended_at` text,
	`duration_seconds` real DEFAULT 0 NOT NULL,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `video_category_spans_video` ON `video_category_spans` (`video_id`,`started_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `video_category_spans_one_open` ON `video_category_spans` (`video_id`,`category_id`) WHERE "video_category_spans"."ended_at" is null;--> statement-breakpoint
CREATE TABLE `video_metadata_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`video_id` integer NOT NULL,
	`occurred_at` text NOT NULL,
	`title_id` integer,
	`category_id` text,
	`media_offset_seconds` real,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`title_id`) REFERENCES `titles`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "video_metadata_changes_something" CHECK("video_metadata_changes"."title_id" is not null or "video_metadata_changes"."category_id" is not null)
);
--> statement-breakpoint
CREATE INDEX `video_metadata_changes_video` ON `video_metadata_changes` (`video_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `video_playback_assets` (
	`video_id` integer PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`filename` text,
	`mime_type` text,
	`duration_seconds` real,
	`size_bytes` integer,
	`error` text,
	`generated_at` text,
	`last_accessed_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "video_playback_assets_status" CHECK("video_playback_assets"."status" in ('building', 'ready', 'failed', 'unavailable')),
	CONSTRAINT "video_playback_assets_ready_complete" CHECK("video_playback_assets"."status" <> 'ready' or ("video_playback_assets"."filename" is not null and "video_playback_assets"."mime_type" is not null and "video_playback_assets"."size_bytes" is not null and "video_playback_assets"."generated_at" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `video_playback_assets_filename` ON `video_playback_assets` (`filename`);--> statement-breakpoint
CREATE INDEX `video_playback_assets_lru` ON `video_playback_assets` (`last_accessed_at`,`generated_at`,`video_id`) WHERE "video_playback_assets"."status" = 'ready';--> statement-breakpoint
CREATE TABLE `video_requests` (
	`video_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`requested_at` text NOT NULL,
	PRIMARY KEY(`video_id`, `user_id`),
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `video_requests_user` ON `video_requests` (`user_id`,`requested_at`);--> statement-breakpoint
CREATE TABLE `video_tags` (
	`video_id` integer NOT NULL,
	`tag_id` integer NOT NULL,
	PRIMARY KEY(`video_id`, `tag_id`),
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `video_tags_tag` ON `video_tags` (`tag_id`);--> statement-breakpoint
CREATE TABLE `video_title_spans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`video_id` integer NOT NULL,
	`title_id` integer NOT NULL,
	`started_at` text NOT NULL,
	`ended_at` text,
	`duration_seconds` real DEFAULT 0 NOT NULL,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`title_id`) REFERENCES `titles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `video_title_spans_video` ON `video_title_spans` (`video_id`,`started_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `video_title_spans_one_open` ON `video_title_spans` (`video_id`,`title_id`) WHERE "video_title_spans"."ended_at" is null;--> statement-breakpoint
CREATE TABLE `video_titles` (
	`video_id` integer NOT NULL,
	`title_id` integer NOT NULL,
	`linked_at` text NOT NULL,
	PRIMARY KEY(`video_id`, `title_id`),
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`title_id`) REFERENCES `titles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `video_titles_title` ON `video_titles` (`title_id`);--> statement-breakpoint
CREATE TABLE `video_user_states` (
	`user_id` text NOT NULL,
	`video_id` integer NOT NULL,
	`watch_later` integer DEFAULT false NOT NULL,
	`last_position_seconds` real DEFAULT 0 NOT NULL,
	`last_progress_at_ms` integer,
	`watched_at` text,
	`completed_at` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`user_id`, `video_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `video_user_states_video` ON `video_user_states` (`video_id`);--> statement-breakpoint
CREATE INDEX `video_user_states_history` ON `video_user_states` (`user_id`,`last_progress_at_ms`);--> statement-breakpoint
CREATE TABLE `event_logs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`domain` text NOT NULL,
	`event_type` text NOT NULL,
	`severity` text NOT NULL,
	`message` text NOT NULL,
	`actor_user_id` text,
	`data` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "event_logs_severity" CHECK("event_logs"."severity" in ('debug', 'info', 'warn', 'error'))
);
--> statement-breakpoint
CREATE INDEX `event_logs_created` ON `event_logs` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `event_logs_domain` ON `event_logs` (`domain`,`created_at`);--> statement-breakpoint
CREATE INDEX `event_logs_severity` ON `event_logs` (`severity`,`created_at`);--> statement-breakpoint
CREATE TABLE `fetch_logs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text,
	`fetch_type` text NOT NULL,
	`broadcaster_id` text,
	`status` integer NOT NULL,
	`error` text,
	`duration_ms` integer NOT NULL,
	`fetched_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `fetch_logs_fetched` ON `fetch_logs` (`fetched_at`,`id`);--> statement-breakpoint
CREATE INDEX `fetch_logs_type` ON `fetch_logs` (`fetch_type`,`fetched_at`);--> statement-breakpoint
CREATE TABLE `recording_webhook_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_id` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`event` text NOT NULL,
	`video_id` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_status` integer,
	`last_error` text,
	`test` integer DEFAULT false NOT NULL,
	`next_attempt_at` text NOT NULL,
	`last_attempt_at` text,
	`delivered_at` text,
	`frozen_parts` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "recording_webhook_deliveries_event" CHECK("recording_webhook_deliveries"."event" in ('recording.completed', 'recording.failed', 'recording.test')),
	CONSTRAINT "recording_webhook_deliveries_status" CHECK("recording_webhook_deliveries"."status" in ('pending', 'delivering', 'delivered', 'rejected', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recording_webhook_deliveries_message` ON `recording_webhook_deliveries` (`message_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `recording_webhook_deliveries_dedupe` ON `recording_webhook_deliveries` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `recording_webhook_deliveries_due` ON `recording_webhook_deliveries` (`next_attempt_at`) WHERE "recording_webhook_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `recording_webhook_deliveries_video` ON `recording_webhook_deliveries` (`video_id`);--> statement-breakpoint
CREATE INDEX `recording_webhook_deliveries_created` ON `recording_webhook_deliveries` (`created_at`);--> statement-breakpoint
CREATE TABLE `server_settings` (
	`id` integer PRIMARY KEY DEFAULT 1 NOT NULL,
	`server_mode` text,
	`eventsub_webhook_callback_url` text,
	`eventsub_relay_ingest_url` text,
	`eventsub_relay_subscribe_url` text,
	`eventsub_relay_local_callback_url` text,
	`eventsub_secret` text,
	`recording_webhook_enabled` integer DEFAULT false NOT NULL,
	`recording_webhook_url` text,
	`recording_webhook_secret` text,
	`recording_webhook_events` text DEFAULT '[]' NOT NULL,
	`playback_cache_enabled` integer DEFAULT false NOT NULL,
	`playback_cache_max_percent` integer DEFAULT 10 NOT NULL,
	`playback_cache_auto_generate` integer DEFAULT false NOT NULL,
	`schedules_paused` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "server_settings_singleton" CHECK("server_settings"."id" = 1),
	CONSTRAINT "server_settings_mode" CHECK("server_settings"."server_mode" is null or "server_settings"."server_mode" in ('off', 'poll', 'direct', 'relay')),
	CONSTRAINT "server_settings_cache_percent" CHECK("server_settings"."playback_cache_max_percent" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE `tasks` (
	`name` text PRIMARY KEY NOT NULL,
	`description` text NOT NULL,
	`interval_seconds` integer NOT NULL,
	`is_enabled` integer DEFAULT true NOT NULL,
	`last_run_at` text,
	`last_duration_ms` integer DEFAULT 0 NOT NULL,
	`last_status` text DEFAULT 'pending' NOT NULL,
	`last_error` text,
	`next_run_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "tasks_interval" CHECK("tasks"."interval_seconds" >= 0),
	CONSTRAINT "tasks_last_status" CHECK("tasks"."last_status" in ('pending', 'running', 'success', 'failed', 'skipped'))
);
--> statement-breakpoint
CREATE INDEX `tasks_due` ON `tasks` (`next_run_at`) WHERE "tasks"."is_enabled" = true;--> statement-breakpoint
CREATE TABLE `download_schedule_categories` (
	`schedule_id` integer NOT NULL,
	`category_id` text NOT NULL,
	PRIMARY KEY(`schedule_id`, `category_id`),
	FOREIGN KEY (`schedule_id`) REFERENCES `download_schedules`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `download_schedule_tags` (
	`schedule_id` integer NOT NULL,
	`tag_id` integer NOT NULL,
	PRIMARY KEY(`schedule_id`, `tag_id`),
	FOREIGN KEY (`schedule_id`) REFERENCES `download_schedules`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `download_schedules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`broadcaster_id` text NOT NULL,
	`requested_by` text NOT NULL,
	`quality` text NOT NULL,
	`recording_type` text DEFAULT 'video' NOT NULL,
	`force_h264` integer DEFAULT false NOT NULL,
	`has_min_viewers` integer DEFAULT false NOT NULL,
	`min_viewers` integer,
	`has_categories` integer DEFAULT false NOT NULL,
	`has_tags` integer DEFAULT false NOT NULL,
	`is_delete_rediff` integer DEFAULT false NOT NULL,
	`time_before_delete` integer,
	`is_disabled` integer DEFAULT false NOT NULL,
	`last_triggered_at` text,
	`trigger_count` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`broadcaster_id`) REFERENCES `channels`(`broadcaster_id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "download_schedules_quality" CHECK("download_schedules"."quality" in ('source', '1080p', '720p', '480p', '360p', 'audio_only')),
	CONSTRAINT "download_schedules_recording_type" CHECK("download_schedules"."recording_type" in ('video', 'audio')),
	CONSTRAINT "download_schedules_min_viewers" CHECK("download_schedules"."has_min_viewers" = false or ("download_schedules"."min_viewers" is not null and "download_schedules"."min_viewers" >= 0)),
	CONSTRAINT "download_schedules_delete_after" CHECK("download_schedules"."is_delete_rediff" = false or ("download_schedules"."time_before_delete" is not null and "download_schedules"."time_before_delete" > 0))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `download_schedules_channel_user` ON `download_schedules` (`broadcaster_id`,`requested_by`);--> statement-breakpoint
CREATE INDEX `download_schedules_active` ON `download_schedules` (`broadcaster_id`) WHERE "download_schedules"."is_disabled" = false;--> statement-breakpoint
CREATE INDEX `download_schedules_user` ON `download_schedules` (`requested_by`);--> statement-breakpoint
CREATE TABLE `categories` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`box_art_url` text,
	`igdb_id` text,
	`description` text,
	`description_checked_at` text,
	`game_metadata_checked_at` text,
	`video_count` integer DEFAULT 0 NOT NULL,
	`total_size` integer DEFAULT 0 NOT NULL,
	`latest_video_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `categories_name` ON `categories` (lower("name"),`id`);--> statement-breakpoint
CREATE INDEX `categories_by_video_count` ON `categories` (`video_count`,`id`);--> statement-breakpoint
CREATE INDEX `categories_by_latest_video` ON `categories` (`latest_video_at`,`id`);--> statement-breakpoint
CREATE TABLE `category_search_cache` (
	`normalized_query` text PRIMARY KEY NOT NULL,
	`category_ids` text NOT NULL,
	`expires_at` text NOT NULL,
	`last_accessed_at` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `category_search_cache_accessed` ON `category_search_cache` (`last_accessed_at`);--> statement-breakpoint
CREATE TABLE `channel_user_states` (
	`user_id` text NOT NULL,
	`broadcaster_id` text NOT NULL,
	`favorite` integer DEFAULT false NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`user_id`, `broadcaster_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`broadcaster_id`) REFERENCES `channels`(`broadcaster_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `channels` (
	`broadcaster_id` text PRIMARY KEY NOT NULL,
	`broadcaster_login` text NOT NULL,
	`broadcaster_name` text NOT NULL,
	`broadcaster_language` text,
	`profile_image_url` text,
	`offline_image_url` text,
	`description` text,
	`broadcaster_type` text,
	`view_count` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `channels_login` ON `channels` (`broadcaster_login`);--> statement-breakpoint
CREATE INDEX `channels_name` ON `channels` (lower("broadcaster_name"),`broadcaster_id`);--> statement-breakpoint
CREATE TABLE `stream_categories` (
	`stream_id` text NOT NULL,
	`category_id` text NOT NULL,
	`linked_at` text NOT NULL,
	PRIMARY KEY(`stream_id`, `category_id`),
	FOREIGN KEY (`stream_id`) REFERENCES `streams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `stream_tags` (
	`stream_id` text NOT NULL,
	`tag_id` integer NOT NULL,
	PRIMARY KEY(`stream_id`, `tag_id`),
	FOREIGN KEY (`stream_id`) REFERENCES `streams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `stream_titles` (
	`stream_id` text NOT NULL,
	`title_id` integer NOT NULL,
	`linked_at` text NOT NULL,
	PRIMARY KEY(`stream_id`, `title_id`),
	FOREIGN KEY (`stream_id`) REFERENCES `streams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`title_id`) REFERENCES `titles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `streams` (
	`id` text PRIMARY KEY NOT NULL,
	`broadcaster_id` text NOT NULL,
	`type` text DEFAULT 'live' NOT NULL,
	`language` text,
	`thumbnail_url` text,
	`viewer_count` integer DEFAULT 0 NOT NULL,
	`is_mature` integer,
	`started_at` text NOT NULL,
	`ended_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`broadcaster_id`) REFERENCES `channels`(`broadcaster_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `streams_channel_started` ON `streams` (`broadcaster_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `streams_open` ON `streams` (`broadcaster_id`) WHERE "streams"."ended_at" is null;--> statement-breakpoint
CREATE INDEX `streams_started` ON `streams` (`started_at`);--> statement-breakpoint
CREATE TABLE `tags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tags_name` ON `tags` (`name`);--> statement-breakpoint
CREATE TABLE `titles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `titles_name` ON `titles` (`name`);--> statement-breakpoint
CREATE TABLE `user_followed_channels` (
	`user_id` text NOT NULL,
	`broadcaster_id` text NOT NULL,
	`followed_at` text NOT NULL,
	`followed` integer DEFAULT true NOT NULL,
	PRIMARY KEY(`user_id`, `broadcaster_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`broadcaster_id`) REFERENCES `channels`(`broadcaster_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `follows_channel` ON `user_followed_channels` (`broadcaster_id`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`video_id` integer NOT NULL,
	`broadcaster_id` text NOT NULL,
	`status` text DEFAULT 'PENDING' NOT NULL,
	`started_at` text,
	`finished_at` text,
	`error` text,
	`resume_state` text DEFAULT '{}' NOT NULL,
	`checkpoint_at` text,
	`instance_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`broadcaster_id`) REFERENCES `channels`(`broadcaster_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "jobs_status" CHECK("jobs"."status" in ('PENDING', 'RUNNING', 'DONE', 'FAILED'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_video` ON `jobs` (`video_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_one_open_per_channel` ON `jobs` (`broadcaster_id`) WHERE "jobs"."status" in ('PENDING', 'RUNNING');--> statement-breakpoint
CREATE TABLE `video_parts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`video_id` integer NOT NULL,
	`part_index` integer NOT NULL,
	`filename` text NOT NULL,
	`quality` text NOT NULL,
	`fps` real,
	`codec` text NOT NULL,
	`segment_format` text NOT NULL,
	`duration_seconds` real DEFAULT 0 NOT NULL,
	`size_bytes` integer DEFAULT 0 NOT NULL,
	`thumbnail` text,
	`start_media_seq` integer NOT NULL,
	`end_media_seq` integer,
	`finalized_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`video_id`) REFERENCES `videos`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "video_parts_part_index" CHECK("video_parts"."part_index" >= 1),
	CONSTRAINT "video_parts_codec" CHECK("video_parts"."codec" in ('h264', 'h265', 'av1', 'aac')),
	CONSTRAINT "video_parts_segment_format" CHECK("video_parts"."segment_format" in ('ts', 'fmp4'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `video_parts_index` ON `video_parts` (`video_id`,`part_index`);--> statement-breakpoint
CREATE UNIQUE INDEX `video_parts_filename` ON `video_parts` (`filename`);--> statement-breakpoint
CREATE TABLE `videos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` text NOT NULL,
	`filename` text NOT NULL,
	`display_name` text NOT NULL,
	`title` text NOT NULL,
	`status` text DEFAULT 'PENDING' NOT NULL,
	`quality` text NOT NULL,
	`selected_quality` text,
	`selected_fps` real,
	`recording_type` text DEFAULT 'video' NOT NULL,
	`force_h264` integer DEFAULT false NOT NULL,
	`broadcaster_id` text NOT NULL,
	`stream_id` text,
	`primary_category_id` text,
	`viewer_count` integer DEFAULT 0 NOT NULL,
	`language` text NOT NULL,
	`duration_seconds` real,
	`size_bytes` integer,
	`thumbnail` text,
	`error` text,
	`start_download_at` text NOT NULL,
	`downloaded_at` text,
	`completion_kind` text DEFAULT 'complete' NOT NULL,
	`truncated` integer DEFAULT false NOT NULL,
	`trigger_schedule_id` integer,
	`retention_source_schedule_id` integer,
	`retention_window_hours` integer,
	`retention_due_at` text,
	`deleted_at` text,
	`deletion_kind` text,
	`delete_requested_at` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`broadcaster_id`) REFERENCES `channels`(`broadcaster_id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`stream_id`) REFERENCES `streams`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`primary_category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`trigger_schedule_id`) REFERENCES `download_schedules`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`retention_source_schedule_id`) REFERENCES `download_schedules`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "videos_status" CHECK("videos"."status" in ('PENDING', 'RUNNING', 'DONE', 'FAILED')),
	CONSTRAINT "videos_quality" CHECK("videos"."quality" in ('source', '1080p', '720p', '480p', '360p', 'audio_only')),
	CONSTRAINT "videos_recording_type" CHECK("videos"."recording_type" in ('video', 'audio')),
	CONSTRAINT "videos_completion_kind" CHECK("videos"."completion_kind" in ('complete', 'partial', 'cancelled')),
	CONSTRAINT "videos_deletion_kind" CHECK("videos"."deletion_kind" is null or "videos"."deletion_kind" in ('retention', 'manual')),
	CONSTRAINT "videos_retention_window" CHECK("videos"."retention_window_hours" between 1 and 2562047)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `videos_job` ON `videos` (`job_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `videos_filename` ON `videos` (`filename`);--> statement-breakpoint
CREATE INDEX `videos_by_start` ON `videos` (`start_download_at`,`id`);--> statement-breakpoint
CREATE INDEX `videos_by_duration` ON `videos` ((case when "duration_seconds" is null then 0 else "duration_seconds" end),`start_download_at`,`id`);--> statement-breakpoint
CREATE INDEX `videos_by_size` ON `videos` ((case when "size_bytes" is null then 0 else "size_bytes" end),`start_download_at`,`id`);--> statement-breakpoint
CREATE INDEX `videos_channel_by_start` ON `videos` (`broadcaster_id`,`start_download_at`,`id`);--> statement-breakpoint
CREATE INDEX `videos_category` ON `videos` (`primary_category_id`);--> statement-breakpoint
CREATE INDEX `videos_stream` ON `videos` (`stream_id`);--> statement-breakpoint
CREATE INDEX `videos_retention_due` ON `videos` (`retention_due_at`) WHERE "videos"."retention_due_at" is not null and "videos"."deleted_at" is null and "videos"."delete_requested_at" is null;--> statement-breakpoint
CREATE INDEX `videos_delete_requested` ON `videos` (`delete_requested_at`) WHERE "videos"."delete_requested_at" is not null and "videos"."deleted_at" is null;