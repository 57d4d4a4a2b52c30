import {
  boolean,
  customType,
  doublePrecision,
  integer,
  jsonb,
  bigint as pgBigint,
} from "drizzle-orm/pg-core";
import { pgTimestampToIso, toIsoTimestamp } from "../timestamps.ts";

/** The Postgres column kit: the twin of `sqlite/core.ts` (same names, same TypeScript types). */
export { check, index, pgTable as table, primaryKey, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * Text compared byte by byte (`COLLATE "C"`), as SQLite compares it: the same ordering, equality and
 * `lower()` (ASCII letters) on both, and indexes that serve ORDER BY whatever the database's locale.
 */
const bytewiseText = customType<{ data: string; driverData: string }>({ dataType: () => 'text COLLATE "C"' });
export const text = () => bytewiseText();
/** Text limited to one of `values` (the database enforces it with a CHECK constraint). */
export const enumText = <T extends string>(_values: readonly T[]) => bytewiseText().$type<T>();
export const int = () => integer();
export const bigint = () => pgBigint({ mode: "number" });
export const double = () => doublePrecision();
export const bool = () => boolean();
export const json = <T>() => jsonb().$type<T>();
export const serial = () => pgBigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity();

/** Millisecond precision, like JavaScript dates, so a value read back compares equal to the one written. */
export const timestamp = customType<{ data: string; driverData: string }>({
  dataType: () => "timestamp(3) with time zone",
  toDriver: toIsoTimestamp,
  fromDriver: pgTimestampToIso,
});
