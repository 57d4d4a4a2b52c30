ALTER TABLE "user_settings" ALTER COLUMN "timezone" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "user_settings" ALTER COLUMN "timezone" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "user_settings" ALTER COLUMN "datetime_format" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "user_settings" ALTER COLUMN "datetime_format" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "user_settings" ALTER COLUMN "language" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "user_settings" ALTER COLUMN "language" DROP NOT NULL;--> statement-breakpoint
-- A row never saved since it was created holds the old defaults, not a choice: those now follow the browser.
UPDATE "user_settings" SET "timezone" = NULL WHERE "timezone" = 'UTC' AND "created_at" = "updated_at";--> statement-breakpoint
UPDATE "user_settings" SET "datetime_format" = NULL WHERE "datetime_format" = 'ISO' AND "created_at" = "updated_at";--> statement-breakpoint
UPDATE "user_settings" SET "language" = NULL WHERE "language" = 'en' AND "created_at" = "updated_at";
