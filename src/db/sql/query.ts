import { Column, getTableColumns, getTableName, is, SQL, sql, type Table } from "drizzle-orm";

/**
 * The dialect-neutral query kit. Queries are drizzle `sql` templates over the active dialect's tables, so
 * identifiers, parameters and value encoding come from drizzle; this module adds what drizzle's typed
 * builders would give but only per dialect: typed select lists decoded by the columns' own mappers,
 * inserts, updates and upserts. One implementation of every query then runs on SQLite and Postgres.
 */

export type RawRow = Record<string, unknown>;

/** A statement whose rows decode to `R`. */
export interface Query<R> {
  readonly sql: SQL;
  decode(raw: RawRow): R;
}

/** A computed select-list entry: SQL and how to read its value. */
export interface Expr<T> {
  readonly sql: SQL;
  readonly decode: (raw: unknown) => T;
}

export type Field = Column | Expr<unknown>;
export type Fields = Record<string, Field>;

type ColumnValue<C extends Column> = C["_"]["notNull"] extends true ? C["_"]["data"] : C["_"]["data"] | null;
export type FieldValue<F> = F extends Column ? ColumnValue<F> : F extends Expr<infer T> ? T : never;
export type RowOf<F extends Fields> = { -readonly [K in keyof F]: FieldValue<F[K]> };

export type InsertRow<T extends Table> = T["$inferInsert"];
export type SelectRow<T extends Table> = T["$inferSelect"];
/** Values for an UPDATE or an upsert's DO UPDATE: plain values (encoded by their column) or SQL. */
export type UpdateSet<T extends Table> = { [K in keyof InsertRow<T>]?: InsertRow<T>[K] | SQL };

const comma = sql`, `;

function decodeField(field: Field, raw: unknown): unknown {
  if (is(field, Column)) return raw === null || raw === undefined ? null : field.mapFromDriverValue(raw);
  return (field as Expr<unknown>).decode(raw ?? null);
}

function fieldSql(field: Field): SQL {
  return is(field, Column) ? sql`${field}` : (field as Expr<unknown>).sql;
}

/** `select <fields> <rest>`: the rest is the FROM clause onwards. */
export function select<F extends Fields>(fields: F, rest: SQL): Query<RowOf<F>> {
  const entries = Object.entries(fields);
  const list = sql.join(
    entries.map(([key, field]) => sql`${fieldSql(field)} as ${sql.identifier(key)}`),
    comma,
  );
  return {
    sql: sql`select ${list} ${rest}`,
    decode: (raw) => {
      const row: Record<string, unknown> = {};
      for (const [key, field] of entries) row[key] = decodeField(field, raw[key]);
      return row as RowOf<F>;
    },
  };
}

/** Every column of a table, keyed as in its row type (keys are the column names). */
export function allColumns<T extends Table>(table: T): T["_"]["columns"] {
  return getTableColumns(table);
}

/** Decodes a `returning *` row of `table`. */
export function decodeTableRow<T extends Table>(table: T, raw: RawRow): SelectRow<T> {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    row[key] = decodeField(column, raw[column.name]);
  }
  return row as SelectRow<T>;
}

/** A statement followed by `returning *`, decoded as rows of `table`. */
export function returning<T extends Table>(table: T, statement: SQL): Query<SelectRow<T>> {
  return { sql: sql`${statement} returning *`, decode: (raw) => decodeTableRow(table, raw) };
}

function columnOf(table: Table, key: string): Column {
  const column = (getTableColumns(table) as Record<string, Column>)[key];
  if (!column) throw new Error(`${getTableName(table)} has no column ${key}`);
  return column;
}

function encoded(column: Column, value: unknown): SQL {
  if (is(value, SQL)) return value as SQL;
  return sql`${sql.param(value, column)}`;
}

/** The value an omitted key gets in a multi-row insert: the column's default, else NULL. */
function defaultOf(column: Column): unknown {
  if (column.defaultFn) return column.defaultFn();
  if (column.default !== undefined && !is(column.default, SQL)) return column.default;
  return null;
}

/**
 * `insert into <table> (<keys>) values (…), (…)` with each value encoded by its column. Rows may omit
 * keys; an omitted key takes the column's default (SQLite has no DEFAULT keyword in VALUES).
 */
export function insertInto<T extends Table>(table: T, rows: readonly InsertRow<T>[]): SQL {
  if (rows.length === 0) throw new Error(`insert into ${getTableName(table)}: no rows`);
  const records = rows as readonly Record<string, unknown>[];
  const keys = [...new Set(records.flatMap((r) => Object.keys(r).filter((k) => r[k] !== undefined)))];
  const columns = keys.map((key) => columnOf(table, key));
  const values = records.map(
    (record) =>
      sql`(${sql.join(
        columns.map((column, i) => {
          const value = record[keys[i] as string];
          return value === undefined ? encoded(column, defaultOf(column)) : encoded(column, value);
        }),
        comma,
      )})`,
  );
  const names = sql.join(
    columns.map((c) => sql.identifier(c.name)),
    comma,
  );
  return sql`insert into ${table} (${names}) values ${sql.join(values, comma)}`;
}

/** `"a" = ?, "b" = ?` for an UPDATE's SET (or an upsert's DO UPDATE SET). */
export function assignments<T extends Table>(table: T, set: UpdateSet<T>): SQL {
  const entries = Object.entries(set as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) throw new Error(`update ${getTableName(table)}: nothing to set`);
  return sql.join(
    entries.map(([key, value]) => {
      const column = columnOf(table, key);
      return sql`${sql.identifier(column.name)} = ${encoded(column, value)}`;
    }),
    comma,
  );
}

export function update<T extends Table>(table: T, set: UpdateSet<T>, where: SQL): SQL {
  return sql`update ${table} set ${assignments(table, set)} where ${where}`;
}

export function deleteFrom(table: Table, where: SQL): SQL {
  return sql`delete from ${table} where ${where}`;
}

/** The value the conflicting insert proposed for `column` (`excluded."name"`, same in both dialects). */
export function excluded(column: Column): SQL {
  return sql`excluded.${sql.identifier(column.name)}`;
}

function conflictTarget(target: readonly Column[], where?: SQL): SQL {
  const names = sql.join(
    target.map((c) => sql.identifier(c.name)),
    comma,
  );
  return where ? sql`(${names}) where ${where}` : sql`(${names})`;
}

/** `on conflict (…) do nothing`; `where` names a partial unique index's predicate. */
export function onConflictDoNothing(target?: readonly Column[], where?: SQL): SQL {
  return target ? sql`on conflict ${conflictTarget(target, where)} do nothing` : sql`on conflict do nothing`;
}

/** `on conflict (…) do update set …`, optionally only `when` a condition on the existing row holds. */
export function onConflictDoUpdate<T extends Table>(
  table: T,
  target: readonly Column[],
  set: UpdateSet<T>,
  options: { targetWhere?: SQL; when?: SQL } = {},
): SQL {
  const action = sql`do update set ${assignments(table, set)}`;
  const tail = options.when ? sql` where ${options.when}` : sql``;
  return sql`on conflict ${conflictTarget(target, options.targetWhere)} ${action}${tail}`;
}

/** Sets each listed column to the value the conflicting insert proposed. */
export function takeExcluded<T extends Table>(
  table: T,
  keys: readonly (keyof InsertRow<T> & string)[],
): UpdateSet<T> {
  const set: Record<string, SQL> = {};
  for (const key of keys) set[key] = excluded(columnOf(table, key));
  return set as UpdateSet<T>;
}

// Computed fields. Postgres returns counts and sums as strings (bigint/numeric) and booleans as booleans;
// SQLite returns numbers for all three: these decoders read both.

export function expr<T>(query: SQL, decode: (raw: unknown) => T): Expr<T> {
  return { sql: query, decode };
}

export const asNumber = (query: SQL): Expr<number> => expr(query, (v) => (v === null ? 0 : Number(v)));
export const asNullableNumber = (query: SQL): Expr<number | null> =>
  expr(query, (v) => (v === null ? null : Number(v)));
export const asBoolean = (query: SQL): Expr<boolean> =>
  expr(query, (v) => v === true || v === 1 || v === "1" || v === "t" || v === "true");
export const asNullableText = (query: SQL): Expr<string | null> =>
  expr(query, (v) => (v === null ? null : String(v)));

/** An expression whose values are those of `column` (e.g. `max(column)`), decoded by it. */
export function like<C extends Column>(column: C, query: SQL): Expr<ColumnValue<C> | null> {
  return expr(query, (v) => (v === null ? null : (column.mapFromDriverValue(v) as ColumnValue<C>)));
}

export const countAll = (): Expr<number> => asNumber(sql`count(*)`);
export const sumOf = (query: SQL | Column): Expr<number> => asNumber(sql`coalesce(sum(${query}), 0)`);

/** A column read through an outer join: null when the joined row is missing, whatever the column says. */
export function nullable<C extends Column>(column: C): Expr<C["_"]["data"] | null> {
  return like(column, sql`${column}`);
}
