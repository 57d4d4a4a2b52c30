/**
 * The Postgres schema, as drizzle-kit reads it (`drizzle/pg.config.ts`). The table files in `pg/` are
 * copies of each other's twin folder; only `pg/core.ts` (the column kit) differs. `schema_migrations` is
 * owned by the migration runner and not declared here.
 */
export * from "./pg/auth.ts";
export * from "./pg/chat.ts";
export * from "./pg/eventsub.ts";
export * from "./pg/library.ts";
export * from "./pg/ops.ts";
export * from "./pg/relay.ts";
export * from "./pg/schedules.ts";
export * from "./pg/twitch.ts";
export * from "./pg/videos.ts";
