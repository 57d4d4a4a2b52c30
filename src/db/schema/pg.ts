import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Postgres schema; the twin of schema/sqlite.ts (same tables, same columns). */

export const serverSettings = pgTable("server_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "string" }).notNull(),
});
