import { loadMigrations } from "./migrations.macro.ts" with { type: "macro" };

export type { Migration } from "./migrations.macro.ts";

/** The migrations this build knows, compiled in. */
export const MIGRATIONS = {
  sqlite: loadMigrations("sqlite"),
  pg: loadMigrations("pg"),
};
