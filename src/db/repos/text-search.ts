import { type SQL, sql } from "drizzle-orm";

/**
 * Case-insensitive text matching that behaves the same on both databases: both sides lower-cased with
 * `lower()` (ASCII letters on both: text is byte-ordered, COLLATE "C", on Postgres as on SQLite), LIKE with
 * `\` escaping the wildcards.
 */

/** Trimmed and lower-cased the way both databases' `lower()` does it: ASCII letters only. */
export function normalizeQuery(query: string): string {
  return query.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function containsPattern(query: string): string {
  return `%${escapeLike(normalizeQuery(query))}%`;
}

export function prefixPattern(query: string): string {
  return `${escapeLike(normalizeQuery(query))}%`;
}

/** `lower(expr) LIKE pattern` with the escape character declared. */
export function likeLower(expression: SQL, pattern: string): SQL {
  return sql`lower(${expression}) like ${pattern} escape '\\'`;
}

/** 0 when `expression` equals the query, 1 when it starts with it, else `otherwise`. */
export function matchRank(expression: SQL, query: string, base: number): SQL {
  const q = normalizeQuery(query);
  return sql`case when lower(${expression}) = ${q} then ${sql.raw(String(base))} when ${likeLower(expression, prefixPattern(q))} then ${sql.raw(String(base + 1))} end`;
}
