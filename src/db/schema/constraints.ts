import { type Column, type SQL, sql } from "drizzle-orm";

/** `column IN ('a', 'b')` for CHECK constraints and partial-index predicates (literals, so both
 * databases can match a query's predicate against the index's). */
export function oneOf(column: Column, values: readonly string[]): SQL {
  return sql`${column} in (${sql.raw(values.map(quoteLiteral).join(", "))})`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * A nullable number as a sort key, null (not known yet) sorting as 0. Indexes and the queries that use them
 * share this one expression, so both databases match them. No commas: drizzle-kit 0.31 splits SQLite index
 * expressions on commas, which rules out `coalesce(x, 0)`.
 */
export function zeroIfNull(column: Column): SQL {
  return sql`(case when ${column} is null then 0 else ${column} end)`;
}
