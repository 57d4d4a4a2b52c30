import type { Database } from "bun:sqlite";
import { type Column, getTableColumns, getTableName, type Table } from "drizzle-orm";
import type postgres from "postgres";
import type { DatabaseHandle } from "../../src/db/connection.ts";

/**
 * Fast multi-row inserts for the seed script. drizzle renders a statement at about a microsecond per
 * parameter, which adds up to most of the time for a million rows; here the statement text is built once
 * per batch and the values are encoded by the drizzle columns themselves (timestamps, booleans, JSON),
 * then handed to the driver.
 */
export interface BulkWriter {
  /** Inserts the rows (all with the same keys); resolves to the `returning` columns of each, if asked. */
  insert<T extends Table>(
    table: T,
    rows: readonly T["$inferInsert"][],
    returning?: string[],
  ): Promise<Record<string, unknown>[]>;
  query(text: string): Promise<Record<string, unknown>[]>;
  transaction(work: (writer: BulkWriter) => Promise<void>): Promise<void>;
}

export function bulkWriter(handle: DatabaseHandle): BulkWriter {
  return handle.dialect === "sqlite" ? sqliteWriter(handle.client) : pgWriter(handle.client);
}

function statement(
  table: Table,
  rows: readonly Record<string, unknown>[],
  placeholder: (n: number) => string,
  returning: string[],
) {
  const columns = getTableColumns(table) as Record<string, Column>;
  const keys = Object.keys(rows[0] ?? {}).filter((k) => rows[0]?.[k] !== undefined);
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const slots = keys.map((key) => {
      const value = row[key];
      params.push(
        value === null || value === undefined ? null : (columns[key] as Column).mapToDriverValue(value),
      );
      return placeholder(params.length);
    });
    return `(${slots.join(", ")})`;
  });
  const names = keys.map((k) => `"${(columns[k] as Column).name}"`).join(", ");
  const tail = returning.length ? ` returning ${returning.map((r) => `"${r}"`).join(", ")}` : "";
  return {
    text: `insert into "${getTableName(table)}" (${names}) values ${tuples.join(", ")}${tail}`,
    params,
  };
}

function sqliteWriter(db: Database): BulkWriter {
  const writer: BulkWriter = {
    async insert(table, rows, returning = []) {
      if (rows.length === 0) return [];
      const { text, params } = statement(table, rows as Record<string, unknown>[], () => "?", returning);
      return db.prepare(text).all(...(params as never[])) as Record<string, unknown>[];
    },
    async query(text) {
      return db.query(text).all() as Record<string, unknown>[];
    },
    async transaction(work) {
      db.exec("BEGIN IMMEDIATE");
      try {
        await work(writer);
        db.exec("COMMIT");
      } catch (err) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw err;
      }
    },
  };
  return writer;
}

function pgWriter(sql: postgres.Sql | postgres.TransactionSql): BulkWriter {
  return {
    async insert(table, rows, returning = []) {
      if (rows.length === 0) return [];
      const { text, params } = statement(table, rows as Record<string, unknown>[], (n) => `$${n}`, returning);
      return [...(await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]))];
    },
    async query(text) {
      return [...(await sql.unsafe(text))];
    },
    async transaction(work) {
      await (sql as postgres.Sql).begin((tx) => work(pgWriter(tx)));
    },
  };
}
