// Calendar dates as people pick them (`<input type="date">`: "2026-03-01", in their own time zone) and the
// instants the server filters on. Pure over the runtime's time zone, which is the browser's.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-03-01" → its parts, when it names a real day (not "2026-02-30"); else null. */
export function parseDateString(value: unknown): { year: number; month: number; day: number } | null {
  if (typeof value !== "string") return null;
  const m = DATE.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(year, month - 1, day);
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return { year, month, day };
}

/** The instant a local day starts (`offsetDays` later), as ISO: what "from this day" means on the server. */
export function startOfLocalDay(value: string, offsetDays = 0): string {
  const parts = parseDateString(value);
  if (!parts) throw new RangeError(`not a date: ${value}`);
  return new Date(parts.year, parts.month - 1, parts.day + offsetDays).toISOString();
}

/** A Date's local calendar day as "YYYY-MM-DD" (what a date input shows). */
export function toDateString(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
