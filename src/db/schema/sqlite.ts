import { sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * SQLite schema. Table and column names match schema/pg.ts exactly; the repository layer maps both to
 * the same domain types. Timestamps are ISO-8601 UTC text (sortable, readable with the sqlite3 CLI).
 * `schema_migrations` is owned by the migration runner, not declared here.
 */

export const serverSettings = sqliteTable("server_settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
  updatedAt: text("updated_at").notNull(),
});
