import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestPgDatabase } from "../../tests/support/postgres.ts";
import { type DatabaseHandle, openDatabase } from "./connection.ts";
import { MigrationError, migrate } from "./migrate.ts";
import { MIGRATIONS, type Migration } from "./migrations.ts";

/** One fresh, empty database per test, on each dialect; `open` gives another connection to the same one. */
interface Fixture {
  open(): Promise<DatabaseHandle>;
  cleanup(): Promise<void>;
}

const dialects: Record<"sqlite" | "pg", () => Promise<Fixture>> = {
  sqlite: async () => {
    const url = `sqlite:${join(mkdtempSync(join(tmpdir(), "replayd-migrate-")), "test.db")}`;
    return { open: () => openDatabase(url), cleanup: async () => {} };
  },
  pg: async () => {
    const db = await createTestPgDatabase();
    return { open: () => openDatabase(db.url, { poolSize: 2 }), cleanup: () => db.drop() };
  },
};

async function tableNames(db: DatabaseHandle): Promise<string[]> {
  if (db.dialect === "sqlite") {
    return db.client
      .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => r.name);
  }
  const rows = await db.client<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`;
  return rows.map((r) => r.name);
}

async function exec(db: DatabaseHandle, sql: string): Promise<void> {
  if (db.dialect === "sqlite") db.client.exec(sql);
  else await db.client.unsafe(sql);
}

const extra = (version: number, ...statements: string[]): Migration => ({
  version,
  name: `${String(version).padStart(4, "0")}_extra`,
  statements,
});

for (const [dialect, makeFixture] of Object.entries(dialects)) {
  describe(`migrate on ${dialect}`, () => {
    const opened: DatabaseHandle[] = [];
    let fixture: Fixture;
    const open = async () => {
      fixture ??= await makeFixture();
      const db = await fixture.open();
      opened.push(db);
      return db;
    };

    afterEach(async () => {
      for (const db of opened.splice(0)) await db.close();
      await fixture?.cleanup();
      fixture = undefined as unknown as Fixture;
    });

    test("an empty database gets every migration, recorded in schema_migrations", async () => {
      const db = await open();
      const all = MIGRATIONS[db.dialect].map((m) => m.version);
      const result = await migrate(db);
      expect(result.applied).toEqual(all);
      expect(result.current).toBe(all.at(-1) ?? null);
      expect(await tableNames(db)).toEqual(expect.arrayContaining(["schema_migrations", "server_settings"]));
    });

    test("a second run applies nothing", async () => {
      const db = await open();
      await migrate(db);
      const again = await migrate(db);
      expect(again.applied).toEqual([]);
    });

    test("only the migrations not yet applied run", async () => {
      const db = await open();
      const base = MIGRATIONS[db.dialect];
      await migrate(db, base);
      const next = (base.at(-1)?.version ?? 0) + 1;
      const result = await migrate(db, [
        ...base,
        extra(next, "CREATE TABLE later_one (id INTEGER PRIMARY KEY)"),
      ]);
      expect(result.applied).toEqual([next]);
      expect(await tableNames(db)).toContain("later_one");
    });

    test("a database migrated by a newer replayd is refused, untouched", async () => {
      const db = await open();
      const base = MIGRATIONS[db.dialect];
      const future = (base.at(-1)?.version ?? 0) + 5;
      await migrate(db, [...base, extra(future, "CREATE TABLE from_the_future (id INTEGER PRIMARY KEY)")]);
      const error = await migrate(db, base).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as Error).message).toMatch(
        new RegExp(
          `database has schema version ${future} .* this replayd knows versions up to ${base.at(-1)?.version}.*upgrade replayd`,
        ),
      );
      expect(await tableNames(db)).toContain("from_the_future");
    });

    test("a failing migration is rolled back whole and names itself", async () => {
      const db = await open();
      const base = MIGRATIONS[db.dialect];
      const next = (base.at(-1)?.version ?? 0) + 1;
      const broken = extra(
        next,
        "CREATE TABLE half_done (id INTEGER PRIMARY KEY)",
        "INSERT INTO no_such_table VALUES (1)",
      );
      const error = await migrate(db, [...base, broken]).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/migration \d{4}_extra failed and was rolled back/);
      expect(await tableNames(db)).not.toContain("half_done");
      // The good ones before it stay applied, and the fixed migration runs next time.
      const fixed = extra(next, "CREATE TABLE half_done (id INTEGER PRIMARY KEY)");
      expect((await migrate(db, [...base, fixed])).applied).toEqual([next]);
    });

    test("a history that differs from this build's is refused", async () => {
      const db = await open();
      await migrate(db);
      await exec(db, "UPDATE schema_migrations SET name = 'renamed' WHERE version = 0");
      const error = await migrate(db).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/schema version 0 in the database is "renamed"/);
    });

    test("two instances migrating at once both succeed and apply each migration once", async () => {
      const [a, b] = [await open(), await open()];
      const results = await Promise.all([migrate(a), migrate(b)]);
      const applied = results.flatMap((r) => r.applied).sort();
      expect(applied).toEqual(MIGRATIONS[a.dialect].map((m) => m.version).sort());
      expect(results.map((r) => r.current)).toEqual([
        results[0]?.current ?? null,
        results[0]?.current ?? null,
      ]);
    });
  });
}
