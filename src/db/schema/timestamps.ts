/**
 * Timestamps cross the database boundary as ISO-8601 UTC strings with milliseconds
 * (`2026-11-28T00:05:04.086Z`) on both dialects: SQLite stores exactly that text (sortable), Postgres a
 * `timestamptz(3)` that these functions convert from its text output.
 */

/** Any accepted instant as the canonical ISO string; a clear error for anything else. */
export function toIsoTimestamp(value: string | Date): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a timestamp: ${JSON.stringify(String(value))}`);
  return date.toISOString();
}

// Postgres text output (DateStyle ISO): `2026-11-28 00:05:04.086+00`, offsets as `+HH`, `+HH:MM` or
// `+HH:MM:SS`, fractions of 0 to 6 digits.
const PG_TIMESTAMP =
  /^(\d{4,}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?|Z)?$/;

/** Postgres's text for a timestamptz, as the canonical ISO string (sub-millisecond digits dropped). */
export function pgTimestampToIso(text: string): string {
  const m = PG_TIMESTAMP.exec(text);
  if (!m) return toIsoTimestamp(text);
  const [, date, time, fraction = "", sign, hh = "00", mm = "00", ss = "00"] = m;
  const millis = `${fraction.slice(1)}000`.slice(0, 3);
  const utc = Date.parse(`${date}T${time}.${millis}Z`);
  const offsetMs = sign
    ? (sign === "-" ? -1 : 1) * ((Number(hh) * 60 + Number(mm)) * 60 + Number(ss)) * 1000
    : 0;
  return new Date(utc - offsetMs).toISOString();
}
