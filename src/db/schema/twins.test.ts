import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

// The two schemas are one definition written twice (drizzle has no dialect-neutral table builder): every
// table file in sqlite/ and pg/ must be the same text; only core.ts, the column kit, differs.
const SQLITE = join(import.meta.dir, "sqlite");
const PG = join(import.meta.dir, "pg");

test("sqlite/ and pg/ hold the same table files", () => {
  expect(readdirSync(PG).sort()).toEqual(readdirSync(SQLITE).sort());
});

test.each(readdirSync(SQLITE).filter((f) => f !== "core.ts"))(
  "pg/%s is identical to sqlite/%s (copy the one you edited over the other)",
  (file) => {
    expect(readFileSync(join(PG, file), "utf8")).toBe(readFileSync(join(SQLITE, file), "utf8"));
  },
);
