CREATE TABLE `twitch_service_account` (
	`id` integer PRIMARY KEY DEFAULT 1 NOT NULL,
	`twitch_user_id` text NOT NULL,
	`login` text NOT NULL,
	`display_name` text NOT NULL,
	`source` text NOT NULL,
	`env_token_hash` text,
	`encrypted_tokens` text NOT NULL,
	`expires_at` text NOT NULL,
	`refreshed_at` text,
	`last_error` text,
	`last_error_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "twitch_service_account_singleton" CHECK("twitch_service_account"."id" = 1),
	CONSTRAINT "twitch_service_account_source" CHECK("twitch_service_account"."source" in ('dashboard', 'env'))
);
