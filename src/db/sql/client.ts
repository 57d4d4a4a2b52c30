import type { Column, SQL, Table } from "drizzle-orm";
import type * as pgSchema from "../schema/pg.ts";
import type * as sqliteSchema from "../schema/sqlite.ts";
import type { Query } from "./query.ts";

export type Dialect = "sqlite" | "pg";

/** The active dialect's tables. Both declare the same tables and row types (see schema/parity.ts). */
export type Tables = typeof sqliteSchema | typeof pgSchema;

/** A full-text match on event logs: what to join, how to filter, and the relevance (higher is better). */
export interface FullTextMatch {
  from: SQL;
  where: SQL;
  rank: SQL;
}

/** The few SQL pieces that differ between SQLite and Postgres. */
export interface DialectSql {
  /** A ranked full-text match of a web-search style query; null when the query has nothing to search. */
  eventLogSearch(query: string): FullTextMatch | null;
  /**
   * `expression` contains what the LIKE `pattern` (lower-case, backslash escaping) says, ignoring the case of
   * ASCII letters, as `lower(expression) like pattern` does on both.
   */
  likeIgnoringCase(expression: SQL, pattern: string): SQL;
  /** Appended to a SELECT that claims rows for one worker (`for update skip locked` on Postgres). */
  readonly skipLocked: SQL;
}

/**
 * One connection to the database as the repository sees it: run statements, in or out of a transaction.
 * `transaction` inside a transaction joins it (an error anywhere rolls back the whole).
 */
export interface SqlClient {
  readonly dialect: Dialect;
  readonly tables: Tables;
  readonly fx: DialectSql;
  all<R>(query: Query<R>): Promise<R[]>;
  first<R>(query: Query<R>): Promise<R | null>;
  /** The first row of a statement that must return one (an insert's RETURNING, a row just written). */
  one<R>(query: Query<R>): Promise<R>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(statement: SQL): Promise<number>;
  /**
   * Inserts many rows at the least cost per row: each row holds its values in `columns` order, as the app
   * has them (each column encodes its own). SQLite: cached multi-row VALUES statements (no statement is
   * built per call); Postgres: the rows as one JSON parameter. Resolves to how many were inserted.
   */
  insertRows(
    table: Table,
    columns: readonly Column[],
    rows: readonly (readonly unknown[])[],
  ): Promise<number>;
  transaction<R>(work: (tx: SqlClient) => Promise<R>): Promise<R>;
  /** Whether `error` is a unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
  /** Whether `error` is a foreign-key violation (a row referring to one that does not exist). */
  isForeignKeyViolation(error: unknown): boolean;
  /** Whether `error` is a CHECK-constraint violation (values that contradict each other). */
  isCheckViolation(error: unknown): boolean;
}
