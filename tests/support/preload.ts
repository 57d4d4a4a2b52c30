import { afterAll } from "bun:test";
import { cleanupTestDatabases } from "./databases.ts";

// Loaded before every test file (bunfig.toml): once all tests ran, drop the Postgres databases they used.
afterAll(cleanupTestDatabases);
