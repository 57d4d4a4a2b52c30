// The user's display preferences (`settings.get` / `settings.update`): what the form accepts and how each
// date format looks, kept pure so the rules are unit-tested.

export const DATETIME_FORMATS = ["ISO", "EU", "US"] as const;
export type DatetimeFormat = (typeof DATETIME_FORMATS)[number];

/** The server refuses longer names (src/trpc/routers/settings.router.ts). */
const MAX_TIME_ZONE_LENGTH = 64;

export type TimeZoneCheck =
  | { ok: true; value: string }
  | { ok: false; error: "required" | "tooLong" | "unknown" };

/**
 * An IANA time zone the browser knows, in its canonical spelling ("europe/paris" → "Europe/Paris"), or why
 * not. Intl is the judge, as on the server, so both sides accept the same names.
 */
export function checkTimeZone(raw: string): TimeZoneCheck {
  const value = raw.trim();
  if (value === "") return { ok: false, error: "required" };
  if (value.length > MAX_TIME_ZONE_LENGTH) return { ok: false, error: "tooLong" };
  try {
    return { ok: true, value: new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone };
  } catch {
    return { ok: false, error: "unknown" };
  }
}

/** Time zones to suggest in the form; UTC first because some engines leave it out of the list. */
export function timeZoneSuggestions(): string[] {
  const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return ["UTC", ...known.filter((zone) => zone !== "UTC")];
}

/** The browser's own time zone, offered as a one-click choice. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * A date and time as each format writes it: ISO "2025-03-09 14:05", EU "09/03/2025 14:05",
 * US "03/09/2025 2:05 PM". Used for the form's live preview.
 */
export function formatInPreference(date: Date, format: DatetimeFormat, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "numeric",
    minute: "2-digit",
    hourCycle: format === "US" ? "h12" : "h23",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const [year, month, day, minute] = [part("year"), part("month"), part("day"), part("minute")];
  switch (format) {
    case "ISO":
      return `${year}-${month}-${day} ${part("hour").padStart(2, "0")}:${minute}`;
    case "EU":
      return `${day}/${month}/${year} ${part("hour").padStart(2, "0")}:${minute}`;
    case "US":
      return `${month}/${day}/${year} ${part("hour")}:${minute} ${part("dayPeriod")}`;
  }
}
