import { afterAll } from "bun:test";
import { cleanupTestDatabases } from "./databases.ts";

// Loaded before the test files (bunfig.toml): once all tests ran, drop the Postgres databases they used.
// Drops queue up behind the tests, so the last ones may take a while.
afterAll(cleanupTestDatabases, 120_000);
