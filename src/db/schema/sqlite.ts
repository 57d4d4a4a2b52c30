/**
 * The SQLite schema, as drizzle-kit reads it (`drizzle/sqlite.config.ts`). The table files in `sqlite/` are
 * copies of each other's twin folder; only `sqlite/core.ts` (the column kit) differs. `schema_migrations` is
 * owned by the migration runner and not declared here.
 */
export * from "./sqlite/auth.ts";
export * from "./sqlite/chat.ts";
export * from "./sqlite/eventsub.ts";
export * from "./sqlite/library.ts";
export * from "./sqlite/ops.ts";
export * from "./sqlite/relay.ts";
export * from "./sqlite/schedules.ts";
export * from "./sqlite/twitch.ts";
export * from "./sqlite/videos.ts";
