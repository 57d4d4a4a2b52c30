/** Keyset pagination, shared by every big list. */

export type Direction = "forward" | "backward";
export type SortOrder = "asc" | "desc";

/**
 * One page of a keyset-paginated list, in display order. `next_cursor` continues after the last item,
 * `prev_cursor` before the first; each is null when there is nothing on that side.
 */
export interface Page<T, C> {
  items: T[];
  next_cursor: C | null;
  prev_cursor: C | null;
}

export interface PageRequest<C> {
  limit: number;
  /** Where to continue from; absent for the first page. */
  cursor?: C | null;
  /** `forward` (default) lists items after the cursor, `backward` the items before it. */
  direction?: Direction;
}

/** A page of an offset-paginated list, with the total for page counts. */
export interface Counted<T> {
  total: number;
  data: T[];
}
