// How a signed-in user's dates look: their saved time zone and date format (Settings), in the UI language.
// Pure, so every zone and format is unit-tested; `useDateStyle` feeds it the saved settings.

export const DATETIME_FORMATS = ["ISO", "EU", "US"] as const;
export type DatetimeFormat = (typeof DATETIME_FORMATS)[number];

/**
 * What every date render needs. A null zone is the browser's own; a null format is the language's usual
 * way ("Mar 9, 2025, 3:05 PM" in English, day first in French).
 */
export interface DateStyle {
  locale: string;
  timeZone: string | null;
  format: DatetimeFormat | null;
}

/** A zone Intl accepts, else the browser's (a zone the server knows but this browser does not). */
function usableZone(timeZone: string | null): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

function parts(date: Date, format: DatetimeFormat, timeZone: string | undefined, seconds: boolean) {
  const all = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "numeric",
    minute: "2-digit",
    ...(seconds ? { second: "2-digit" } : {}),
    hourCycle: format === "US" ? "h12" : "h23",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => all.find((p) => p.type === type)?.value ?? "";
  const hour = format === "US" ? part("hour") : part("hour").padStart(2, "0");
  const time = `${hour}:${part("minute")}${seconds ? `:${part("second")}` : ""}`;
  return {
    year: part("year"),
    month: part("month"),
    day: part("day"),
    time: format === "US" ? `${time} ${part("dayPeriod")}` : time,
  };
}

/**
 * A date and time as each format writes it: ISO "2025-03-09 14:05", EU "09/03/2025 14:05",
 * US "03/09/2025 2:05 PM"; in `timeZone` (the browser's when absent).
 */
export function formatInPreference(date: Date, format: DatetimeFormat, timeZone?: string | null): string {
  const { year, month, day, time } = parts(date, format, usableZone(timeZone ?? null), false);
  switch (format) {
    case "ISO":
      return `${year}-${month}-${day} ${time}`;
    case "EU":
      return `${day}/${month}/${year} ${time}`;
    case "US":
      return `${month}/${day}/${year} ${time}`;
  }
}

/** A full date and time in the user's style. */
export function formatDateTime(date: Date, style: DateStyle): string {
  if (style.format) return formatInPreference(date, style.format, style.timeZone);
  return new Intl.DateTimeFormat(style.locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: usableZone(style.timeZone),
  }).format(date);
}

/** The time of day with seconds ("14:05:09", "2:05:09 PM"), for "last checked at". */
export function formatTimeOfDay(date: Date, style: DateStyle): string {
  if (style.format) return parts(date, style.format, usableZone(style.timeZone), true).time;
  return new Intl.DateTimeFormat(style.locale, {
    timeStyle: "medium",
    timeZone: usableZone(style.timeZone),
  }).format(date);
}
