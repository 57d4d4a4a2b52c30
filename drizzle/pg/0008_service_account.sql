CREATE TABLE "twitch_service_account" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"twitch_user_id" text COLLATE "C" NOT NULL,
	"login" text COLLATE "C" NOT NULL,
	"display_name" text COLLATE "C" NOT NULL,
	"source" text COLLATE "C" NOT NULL,
	"env_token_hash" text COLLATE "C",
	"encrypted_tokens" text COLLATE "C" NOT NULL,
	"expires_at" timestamp(3) with time zone NOT NULL,
	"refreshed_at" timestamp(3) with time zone,
	"last_error" text COLLATE "C",
	"last_error_at" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "twitch_service_account_singleton" CHECK ("twitch_service_account"."id" = 1),
	CONSTRAINT "twitch_service_account_source" CHECK ("twitch_service_account"."source" in ('dashboard', 'env'))
);
