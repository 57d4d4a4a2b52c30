import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes numbered migrations for SQLite from the drizzle schema.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema/sqlite.ts",
  out: "./drizzle/sqlite",
});
