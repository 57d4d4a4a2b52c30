import type { Database, Statement } from "bun:sqlite";
import { type Column, getTableName, type SQL, sql, type Table } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import * as tables from "../schema/sqlite.ts";
import type { DialectSql, SqlClient } from "./client.ts";
import { toFts5Query } from "./fts5-query.ts";
import type { Query, RawRow } from "./query.ts";
import { SerialQueue } from "./serial-queue.ts";

const dialect = new SQLiteSyncDialect();

const fts = sql.identifier("event_logs_fts");

export const sqliteSql: DialectSql = {
  eventLogSearch(query) {
    const match = toFts5Query(query);
    if (match === null) return null;
    return {
      from: sql`${tables.eventLogs} join ${fts} on ${fts}.rowid = ${tables.eventLogs.id}`,
      where: sql`${fts} match ${match}`,
      // bm25 is lower-is-better; weights follow the Postgres A/B/C weights (message, event_type, domain).
      rank: sql`-bm25(${fts}, 10.0, 4.0, 1.0)`,
    };
  },
  // SQLite's LIKE already ignores the case of ASCII letters (and only theirs): no lower() copy of every
  // value, which halves a search reading a million lines.
  likeIgnoringCase: (expression, pattern) => sql`${expression} like ${pattern} escape '\\'`,
  skipLocked: sql``,
};

const ROW_CHUNKS = [100, 10, 1];

// Statements with many parameters are batch inserts of varying sizes: compile those each time rather than
// filling bun's statement cache with one-off texts.
const CACHE_MAX_PARAMS = 64;

/**
 * The SQLite side of the repository: statements rendered by drizzle and run synchronously by bun:sqlite.
 * Transactions are `BEGIN IMMEDIATE` (the write lock up front, so concurrent writers queue instead of
 * failing mid-transaction) and everything else waits while one is open in this process.
 */
export function createSqliteClient(db: Database): SqlClient {
  const queue = new SerialQueue();

  const prepare = (statement: SQL): { stmt: Statement; params: unknown[] } => {
    const { sql: text, params } = dialect.sqlToQuery(statement);
    const stmt = params.length > CACHE_MAX_PARAMS ? db.prepare(text) : db.query(text);
    return { stmt, params };
  };
  const all = <R>(query: Query<R>): R[] => {
    const { stmt, params } = prepare(query.sql);
    return (stmt.all(...(params as never[])) as RawRow[]).map((raw) => query.decode(raw));
  };
  const first = <R>(query: Query<R>): R | null => {
    const { stmt, params } = prepare(query.sql);
    const raw = stmt.get(...(params as never[])) as RawRow | null;
    return raw ? query.decode(raw) : null;
  };
  const run = (statement: SQL): number => {
    const { stmt, params } = prepare(statement);
    return stmt.run(...(params as never[])).changes;
  };
  // Rows 100, then 10, then 1 at a time: three statement texts per table and columns, each prepared once.
  const inserts = new Map<string, Statement>();
  const insertStatement = (table: Table, columns: readonly Column[], size: number): Statement => {
    const names = columns.map((c) => `"${c.name}"`).join(", ");
    const key = `${getTableName(table)}(${names})×${size}`;
    let stmt = inserts.get(key);
    if (!stmt) {
      const tuple = `(${columns.map(() => "?").join(", ")})`;
      stmt = db.prepare(
        `insert into "${getTableName(table)}" (${names}) values ${Array(size).fill(tuple).join(", ")}`,
      );
      inserts.set(key, stmt);
    }
    return stmt;
  };
  const insertRows = (table: Table, columns: readonly Column[], rows: readonly (readonly unknown[])[]) => {
    let inserted = 0;
    let at = 0;
    for (const size of ROW_CHUNKS) {
      if (rows.length - at < size) continue;
      const stmt = insertStatement(table, columns, size);
      for (; rows.length - at >= size; at += size) {
        const params: unknown[] = [];
        for (let r = at; r < at + size; r++) {
          const row = rows[r] as readonly unknown[];
          for (let k = 0; k < columns.length; k++) {
            const value = row[k];
            params.push(
              value === null || value === undefined ? null : (columns[k] as Column).mapToDriverValue(value),
            );
          }
        }
        inserted += stmt.run(...(params as never[])).changes;
      }
    }
    return inserted;
  };

  const base = {
    dialect: "sqlite" as const,
    tables,
    fx: sqliteSql,
    isUniqueViolation,
    isForeignKeyViolation: (error: unknown) =>
      (error as { code?: unknown })?.code === "SQLITE_CONSTRAINT_FOREIGNKEY",
    isCheckViolation: (error: unknown) => (error as { code?: unknown })?.code === "SQLITE_CONSTRAINT_CHECK",
  };

  const inTransaction: SqlClient = {
    ...base,
    all: async (query) => all(query),
    first: async (query) => first(query),
    one: async (query) => one(first(query)),
    run: async (statement) => run(statement),
    insertRows: async (table, columns, rows) => insertRows(table, columns, rows),
    transaction: (work) => work(inTransaction),
  };

  return {
    ...base,
    all: (query) => queue.run(() => all(query)),
    first: (query) => queue.run(() => first(query)),
    one: (query) => queue.run(() => one(first(query))),
    run: (statement) => queue.run(() => run(statement)),
    insertRows: (table, columns, rows) => queue.run(() => insertRows(table, columns, rows)),
    transaction: (work) =>
      queue.run(async () => {
        db.exec("BEGIN IMMEDIATE");
        try {
          const result = await work(inTransaction);
          db.exec("COMMIT");
          return result;
        } catch (err) {
          // SQLite rolls back by itself after some errors (e.g. disk full): only roll back what is open.
          if (db.inTransaction) db.exec("ROLLBACK");
          throw err;
        }
      }),
  };
}

function one<R>(row: R | null): R {
  if (row === null) throw new Error("the statement returned no row");
  return row;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
