CREATE TABLE `notification_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`target_id` integer NOT NULL,
	`event` text NOT NULL,
	`event_log_id` integer,
	`dedupe_key` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_status` integer,
	`last_error` text,
	`next_attempt_at` text NOT NULL,
	`last_attempt_at` text,
	`delivered_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`target_id`) REFERENCES `notification_targets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_log_id`) REFERENCES `event_logs`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "notification_deliveries_event" CHECK("notification_deliveries"."event" in ('went_live', 'recording_started', 'recording_finished', 'recording_failed', 'disk_low', 'eventsub_broken', 'test')),
	CONSTRAINT "notification_deliveries_status" CHECK("notification_deliveries"."status" in ('pending', 'delivering', 'delivered', 'rejected', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_deliveries_dedupe` ON `notification_deliveries` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `notification_deliveries_due` ON `notification_deliveries` (`next_attempt_at`) WHERE "notification_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `notification_deliveries_target` ON `notification_deliveries` (`target_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `notification_deliveries_created` ON `notification_deliveries` (`created_at`);--> statement-breakpoint
CREATE TABLE `notification_targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`config` text NOT NULL,
	`events` text DEFAULT '[]' NOT NULL,
	`broadcaster_ids` text DEFAULT '[]' NOT NULL,
	`templates` text DEFAULT '{}' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "notification_targets_kind" CHECK("notification_targets"."kind" in ('discord', 'ntfy', 'telegram', 'gotify', 'webhook'))
);
--> statement-breakpoint
ALTER TABLE `event_logs` ADD `broadcaster_id` text;--> statement-breakpoint
CREATE INDEX `event_logs_broadcaster` ON `event_logs` (`broadcaster_id`,`created_at`);--> statement-breakpoint
-- Entries written before the domains were renamed keep their meaning under the new names.
UPDATE event_logs SET domain = 'recording' WHERE domain = 'download';--> statement-breakpoint
UPDATE event_logs SET domain = 'settings' WHERE domain = 'service_account';
