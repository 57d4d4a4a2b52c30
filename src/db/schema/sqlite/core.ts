import { customType, integer, real, text as sqliteText } from "drizzle-orm/sqlite-core";
import { toIsoTimestamp } from "../timestamps.ts";

/**
 * The SQLite column kit. `pg/core.ts` exports the same names with the same TypeScript types, so the
 * table files (`auth.ts`, `videos.ts`, …) are identical in both folders.
 */
export {
  check,
  index,
  primaryKey,
  sqliteTable as table,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

export const text = () => sqliteText();
/** Text limited to one of `values` (the database enforces it with a CHECK constraint). */
export const enumText = <T extends string>(_values: readonly T[]) => sqliteText().$type<T>();
export const int = () => integer({ mode: "number" });
/** 64-bit: SQLite integers always are. */
export const bigint = () => integer({ mode: "number" });
export const double = () => real();
export const bool = () => integer({ mode: "boolean" });
export const json = <T>() => sqliteText({ mode: "json" }).$type<T>();
/** An auto-assigned numeric primary key that is never reused. */
export const serial = () => integer({ mode: "number" }).primaryKey({ autoIncrement: true });

/** ISO-8601 UTC text with milliseconds: sorts as it reads. */
export const timestamp = customType<{ data: string; driverData: string }>({
  dataType: () => "text",
  toDriver: toIsoTimestamp,
  fromDriver: (value) => value,
});
