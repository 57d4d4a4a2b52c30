import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes numbered migrations for Postgres from the drizzle schema.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema/pg.ts",
  out: "./drizzle/pg",
});
