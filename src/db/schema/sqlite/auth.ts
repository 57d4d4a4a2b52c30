import { sql } from "drizzle-orm";
import { SERVICE_ACCOUNT_SOURCES } from "../../../domain/service-account.ts";
import { API_TOKEN_SCOPES, DATETIME_FORMATS, LANGUAGES, ROLES } from "../../../domain/users.ts";
import { oneOf } from "../constraints.ts";
import { check, enumText, index, int, serial, table, text, timestamp, uniqueIndex } from "./core.ts";

/** People, their sessions and tokens. (Identical in sqlite/ and pg/: only core.ts differs.) */

export const users = table(
  "users",
  {
    /** The Twitch user id. */
    id: text().primaryKey(),
    login: text().notNull(),
    display_name: text().notNull(),
    email: text(),
    profile_image_url: text(),
    role: enumText(ROLES).notNull().default("viewer"),
    created_at: timestamp().notNull(),
    updated_at: timestamp().notNull(),
  },
  (t) => [uniqueIndex("users_login").on(t.login), check("users_role", oneOf(t.role, ROLES))],
);

export const sessions = table(
  "sessions",
  {
    hashed_id: text().primaryKey(),
    user_id: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    encrypted_tokens: text().notNull(),
    expires_at: timestamp().notNull(),
    last_active_at: timestamp().notNull(),
    user_agent: text(),
    ip_address: text(),
    created_at: timestamp().notNull(),
  },
  (t) => [index("sessions_user").on(t.user_id), index("sessions_expires").on(t.expires_at)],
);

export const apiTokens = table(
  "api_tokens",
  {
    id: serial(),
    user_id: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** SHA-256 (hex) of the token; the token itself is shown once and never stored. */
    token_hash: text().notNull(),
    token_prefix: text().notNull(),
    created_at: timestamp().notNull(),
    last_used_at: timestamp(),
    expires_at: timestamp(),
    /** What the token may do: `read` (queries), `metrics` (GET /metrics only) or `full` (its owner's role). */
    scope: enumText(API_TOKEN_SCOPES).notNull().default("full"),
  },
  (t) => [
    uniqueIndex("api_tokens_hash").on(t.token_hash),
    uniqueIndex("api_tokens_user_name").on(t.user_id, t.name),
    index("api_tokens_expires").on(t.expires_at).where(sql`${t.expires_at} is not null`),
  ],
);

export const whitelist = table("whitelist", {
  twitch_user_id: text().primaryKey(),
  added_at: timestamp().notNull(),
});

export const userSettings = table(
  "user_settings",
  {
    user_id: text()
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    // Null until the user chooses: this browser's time zone, the language's own date format, the browser's
    // language.
    timezone: text(),
    datetime_format: enumText(DATETIME_FORMATS),
    language: enumText(LANGUAGES),
    created_at: timestamp().notNull(),
    updated_at: timestamp().notNull(),
  },
  (t) => [
    check("user_settings_datetime_format", oneOf(t.datetime_format, DATETIME_FORMATS)),
    check("user_settings_language", oneOf(t.language, LANGUAGES)),
  ],
);

/** The service account (one row, id = 1): the Twitch user playback tokens are asked for as. */
export const twitchServiceAccount = table(
  "twitch_service_account",
  {
    id: int().primaryKey().default(1),
    twitch_user_id: text().notNull(),
    login: text().notNull(),
    display_name: text().notNull(),
    source: enumText(SERVICE_ACCOUNT_SOURCES).notNull(),
    env_token_hash: text(),
    /** Sealed like a session's tokens; the expiry beside it is for showing. */
    encrypted_tokens: text().notNull(),
    expires_at: timestamp().notNull(),
    refreshed_at: timestamp(),
    last_error: text(),
    last_error_at: timestamp(),
    created_at: timestamp().notNull(),
    updated_at: timestamp().notNull(),
  },
  (t) => [
    check("twitch_service_account_singleton", sql`${t.id} = 1`),
    check("twitch_service_account_source", oneOf(t.source, SERVICE_ACCOUNT_SOURCES)),
  ],
);
