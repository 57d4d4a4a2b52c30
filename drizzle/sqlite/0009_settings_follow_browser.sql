PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_user_settings` (
	`user_id` text PRIMARY KEY NOT NULL,
	`timezone` text,
	`datetime_format` text,
	`language` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "user_settings_datetime_format" CHECK("__new_user_settings"."datetime_format" in ('ISO', 'EU', 'US')),
	CONSTRAINT "user_settings_language" CHECK("__new_user_settings"."language" in ('en', 'fr'))
);
--> statement-breakpoint
INSERT INTO `__new_user_settings`("user_id", "timezone", "datetime_format", "language", "created_at", "updated_at") SELECT "user_id", "timezone", "datetime_format", "language", "created_at", "updated_at" FROM `user_settings`;--> statement-breakpoint
DROP TABLE `user_settings`;--> statement-breakpoint
ALTER TABLE `__new_user_settings` RENAME TO `user_settings`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
-- A row never saved since it was created holds the old defaults, not a choice: those now follow the browser.
UPDATE `user_settings` SET "timezone" = NULL WHERE "timezone" = 'UTC' AND "created_at" = "updated_at";--> statement-breakpoint
UPDATE `user_settings` SET "datetime_format" = NULL WHERE "datetime_format" = 'ISO' AND "created_at" = "updated_at";--> statement-breakpoint
UPDATE `user_settings` SET "language" = NULL WHERE "language" = 'en' AND "created_at" = "updated_at";
