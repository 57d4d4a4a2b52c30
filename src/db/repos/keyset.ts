import { type SQL, sql } from "drizzle-orm";
import type { Direction, Page, SortOrder } from "../../domain/pagination.ts";

/**
 * Keyset pagination over a composite sort key (most significant first, the last one unique). Comparing
 * row values, `(k1, k2, id) < (v1, v2, v3)`, lets both databases seek straight into an index on the same
 * columns instead of counting past skipped rows.
 */

const comma = sql`, `;

/**
 * Rows strictly after (forward) or before (backward) the cursor, in display order `order`. The redundant
 * bound on the first key lets a planner start its index range there even when the keys span two tables
 * (the channel sort), where a row-value comparison alone is checked row by row from the start.
 */
export function afterCursor(
  keys: readonly SQL[],
  values: readonly SQL[],
  order: SortOrder,
  direction: Direction,
): SQL {
  const ascending = (order === "asc") === (direction === "forward");
  const op = ascending ? ">" : "<";
  const rows = sql`(${sql.join([...keys], comma)}) ${sql.raw(op)} (${sql.join([...values], comma)})`;
  if (keys.length < 2) return rows;
  return sql`(${keys[0]} ${sql.raw(`${op}=`)} ${values[0]} and ${rows})`;
}

/** ORDER BY for a page: the display order, reversed when reading backwards (the page is flipped after). */
export function keysetOrder(keys: readonly SQL[], order: SortOrder, direction: Direction): SQL {
  const ascending = (order === "asc") === (direction === "forward");
  const dir = sql.raw(ascending ? "asc" : "desc");
  return sql.join(
    keys.map((key) => sql`${key} ${dir}`),
    comma,
  );
}

/**
 * Builds the page from `limit + 1` rows read in query order: the extra row only says there is more.
 * `hadCursor`: the page continues from a cursor, so there is something on the side it came from.
 */
export function toPage<T, C>(
  rows: readonly T[],
  limit: number,
  direction: Direction,
  hadCursor: boolean,
  cursorOf: (item: T) => C,
): Page<T, C> {
  const more = rows.length > limit;
  const taken = rows.slice(0, limit);
  const items = direction === "forward" ? taken : taken.reverse();
  const first = items[0];
  const last = items.at(-1);
  if (direction === "forward") {
    return {
      items,
      next_cursor: more && last !== undefined ? cursorOf(last) : null,
      prev_cursor: hadCursor && first !== undefined ? cursorOf(first) : null,
    };
  }
  return {
    items,
    next_cursor: hadCursor && last !== undefined ? cursorOf(last) : null,
    prev_cursor: more && first !== undefined ? cursorOf(first) : null,
  };
}

/** A page size within 1..max (the API validates; this keeps the database safe from a bad caller). */
export function clampLimit(limit: number, max = 200): number {
  return Math.max(1, Math.min(max, Math.trunc(limit) || 1));
}
