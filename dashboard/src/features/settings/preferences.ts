// The user's display preferences (`settings.get` / `settings.update`): what the form accepts, kept pure so
// the rules are unit-tested. How each date format looks is `lib/date-style.ts`, shared by every page.

export { DATETIME_FORMATS, type DatetimeFormat, formatInPreference } from "@/lib/date-style";

/** The server refuses longer names (src/trpc/routers/settings.router.ts). */
const MAX_TIME_ZONE_LENGTH = 64;

export type TimeZoneCheck = { ok: true; value: string | null } | { ok: false; error: "tooLong" | "unknown" };

/**
 * An IANA time zone the browser knows, in its canonical spelling ("europe/paris" → "Europe/Paris"), or why
 * not; empty is null (each browser's own zone). Intl is the judge, as on the server, so both sides accept
 * the same names.
 */
export function checkTimeZone(raw: string): TimeZoneCheck {
  const value = raw.trim();
  if (value === "") return { ok: true, value: null };
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
