import type * as pg from "./pg.ts";
import type * as sqlite from "./sqlite.ts";

/**
 * Compile-time proof that both schemas declare the same tables with the same row types (select and insert),
 * so one repository implementation serves both. A mismatch fails `tsc` with the names of the tables
 * that differ ("Type 'true' is not assignable to type '"videos"'").
 */

type S = typeof sqlite;
type P = typeof pg;
type Kind = "$inferSelect" | "$inferInsert";
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type RowOf<Table, K extends Kind> = Table extends Record<K, infer R> ? R : never;
type Differing<K extends Kind> =
  | Exclude<keyof S, keyof P>
  | Exclude<keyof P, keyof S>
  | keyof {
      [N in keyof S & keyof P as Equal<RowOf<S[N], K>, RowOf<P[N], K>> extends true ? never : N]: 0;
    };
type Same<K extends Kind> = [Differing<K>] extends [never] ? true : Differing<K>;

export const selectRowsMatch: Same<"$inferSelect"> = true;
export const insertRowsMatch: Same<"$inferInsert"> = true;
