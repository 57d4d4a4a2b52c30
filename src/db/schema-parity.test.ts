import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestPgDatabase, type TestPgDatabase } from "../../tests/support/postgres.ts";
import { type DatabaseHandle, openDatabase, type PgHandle, type SqliteHandle } from "./connection.ts";
import { migrate } from "./migrate.ts";

/**
 * Migrating an empty database gives the same tables, columns, indexes and foreign keys on SQLite and
 * Postgres. Only full-text search machinery differs, by design: SQLite's FTS5 table (and its shadow
 * tables) and Postgres's GIN index on event logs.
 */

interface Column {
  name: string;
  /** The storage class both agree on: text, integer or real (SQLite's view of Postgres's types). */
  storage: string;
  nullable: boolean;
  primaryKey: boolean;
}

interface Shape {
  tables: Record<string, Column[]>;
  indexes: string[];
  foreignKeys: string[];
}

const SEARCH_MACHINERY = /^event_logs_fts|^event_logs_search$/;

// How each Postgres type is stored in the SQLite twin (booleans as integers, timestamps and JSON as text).
const PG_STORAGE: Record<string, string> = {
  text: "text",
  integer: "integer",
  bigint: "integer",
  boolean: "integer",
  "double precision": "real",
  "timestamp with time zone": "text",
  jsonb: "text",
};

async function sqliteShape(db: SqliteHandle): Promise<Shape> {
  const names = db.client
    .query<{ name: string }, []>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all()
    .map((r) => r.name)
    .filter((n) => !SEARCH_MACHINERY.test(n));
  const tables: Record<string, Column[]> = {};
  const indexes: string[] = [];
  const foreignKeys: string[] = [];
  for (const table of names) {
    tables[table] = db.client
      .query<{ name: string; type: string; notnull: number; pk: number }, []>(`PRAGMA table_info("${table}")`)
      .all()
      .map((c) => ({
        name: c.name,
        storage: c.type.toLowerCase(),
        nullable: c.notnull === 0 && c.pk === 0,
        primaryKey: c.pk > 0,
      }));
    for (const index of db.client
      .query<{ name: string; unique: number; origin: string }, []>(`PRAGMA index_list("${table}")`)
      .all()) {
      if (index.origin === "pk" || index.name.startsWith("sqlite_autoindex")) continue;
      indexes.push(`${table}.${index.name}${index.unique ? " unique" : ""}`);
    }
    const fks = db.client
      .query<{ id: number; table: string; from: string; to: string; on_delete: string }, []>(
        `PRAGMA foreign_key_list("${table}")`,
      )
      .all();
    for (const fk of fks)
      foreignKeys.push(
        `${table}(${fk.from}) -> ${fk.table}(${fk.to}) on delete ${fk.on_delete.toLowerCase()}`,
      );
  }
  return { tables, indexes: indexes.sort(), foreignKeys: foreignKeys.sort() };
}

async function pgShape(db: PgHandle): Promise<Shape> {
  const columns = await db.client<
    { table_name: string; column_name: string; data_type: string; is_nullable: string }[]
  >`
    SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
    WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`;
  const keys = await db.client<{ table_name: string; column_name: string; constraint_name: string }[]>`
    SELECT tc.table_name, kcu.column_name, tc.constraint_name FROM information_schema.table_constraints tc
    JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
    WHERE tc.table_schema = 'public' AND tc.constraint_type = 'PRIMARY KEY'`;
  const isKey = new Set(keys.map((k) => `${k.table_name}.${k.column_name}`));
  const primaryKeyIndexes = new Set(keys.map((k) => k.constraint_name));
  const tables: Record<string, Column[]> = {};
  for (const c of columns) {
    const primaryKey = isKey.has(`${c.table_name}.${c.column_name}`);
    tables[c.table_name] ??= [];
    tables[c.table_name]?.push({
      name: c.column_name,
      storage: PG_STORAGE[c.data_type] ?? `unmapped ${c.data_type}`,
      nullable: c.is_nullable === "YES" && !primaryKey,
      primaryKey,
    });
  }
  const indexRows = await db.client<{ tablename: string; indexname: string; indexdef: string }[]>`
    SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'`;
  const indexes = indexRows
    .filter((i) => !primaryKeyIndexes.has(i.indexname) && !SEARCH_MACHINERY.test(i.indexname))
    .map((i) => `${i.tablename}.${i.indexname}${i.indexdef.startsWith("CREATE UNIQUE") ? " unique" : ""}`);
  const fkRows = await db.client<
    { src: string; src_col: string; dst: string; dst_col: string; on_delete: string }[]
  >`
    SELECT c.conrelid::regclass::text AS src, a.attname AS src_col, c.confrelid::regclass::text AS dst, b.attname AS dst_col,
      c.confdeltype AS on_delete
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = c.confkey[1]
    WHERE c.contype = 'f'`;
  const action: Record<string, string> = {
    a: "no action",
    r: "restrict",
    c: "cascade",
    n: "set null",
    d: "set default",
  };
  const foreignKeys = fkRows.map(
    (f) => `${f.src}(${f.src_col}) -> ${f.dst}(${f.dst_col}) on delete ${action[f.on_delete]}`,
  );
  delete tables.schema_migrations;
  return { tables, indexes: indexes.sort(), foreignKeys: foreignKeys.sort() };
}

describe("an empty database, migrated", () => {
  let sqlite: DatabaseHandle;
  let pg: DatabaseHandle;
  let pgDb: TestPgDatabase;
  let shapes: { sqlite: Shape; pg: Shape };

  beforeAll(async () => {
    sqlite = await openDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), "replayd-parity-")), "empty.db")}`);
    pgDb = await createTestPgDatabase();
    pg = await openDatabase(pgDb.url, { poolSize: 1 });
    await migrate(sqlite);
    await migrate(pg);
    if (sqlite.dialect !== "sqlite" || pg.dialect !== "pg") throw new Error("unexpected dialects");
    const sqliteTables = await sqliteShape(sqlite);
    delete sqliteTables.tables.schema_migrations;
    shapes = { sqlite: sqliteTables, pg: await pgShape(pg) };
  });

  afterAll(async () => {
    await sqlite?.close();
    await pg?.close();
    await pgDb?.drop();
  });

  test("has the same tables on SQLite and Postgres", () => {
    expect(Object.keys(shapes.pg.tables).sort()).toEqual(Object.keys(shapes.sqlite.tables).sort());
    expect(Object.keys(shapes.pg.tables).length).toBeGreaterThanOrEqual(40);
  });

  test("has the same columns, in the same order, with the same nullability and storage", () => {
    for (const table of Object.keys(shapes.sqlite.tables)) {
      expect({ table, columns: shapes.pg.tables[table] }).toEqual({
        table,
        columns: shapes.sqlite.tables[table],
      });
    }
  });

  test("has the same indexes and foreign keys", () => {
    expect(shapes.pg.indexes).toEqual(shapes.sqlite.indexes);
    expect(shapes.pg.foreignKeys).toEqual(shapes.sqlite.foreignKeys);
  });
});
