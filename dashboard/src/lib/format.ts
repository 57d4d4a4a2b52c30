// Display formatting shared by every page. Locale-aware pieces take the locale (dates: the user's whole
// `DateStyle`) explicitly so they stay pure.

import { type DateStyle, formatDateTime } from "./date-style";
import type { SupportedLanguage } from "./i18n";

/** Byte units per language: French says octets (o, Ko, Mo…). Powers of 1024, as file managers count. */
const BYTE_UNITS = {
  en: ["B", "KB", "MB", "GB", "TB"],
  fr: ["o", "Ko", "Mo", "Go", "To"],
} as const satisfies Record<SupportedLanguage, readonly string[]>;

/** Between a number and its unit: a space that never breaks the line ("1,5 Mo" stays together). */
const NBSP = "\u00a0";

/** "fr-CA" → "fr"; a language without its own units reads English's. */
function unitLanguage(locale: string): SupportedLanguage {
  const base = locale.toLowerCase().split("-")[0];
  return base === "fr" ? "fr" : "en";
}

/** 1536 → "1.5 KB" in English, "1,5 Ko" in French (powers of 1024, one decimal under 10). */
export function formatBytes(bytes: number | null | undefined, locale: string): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return "–";
  const units = BYTE_UNITS[unitLanguage(locale)];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  const number = new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
  return `${number}${NBSP}${units[unit]}`;
}

/** 3725 → "1:02:05", 65 → "1:05" (a player clock). */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

/** One number with a unit of time, as Intl writes it narrowly in `locale` ("2m" in English, "2min" in French). */
function timeUnit(value: number, unit: "hour" | "minute" | "second", locale: string): string {
  return new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "narrow" }).format(value);
}

/** 3725 → "1h 2m" ("1h 2min" in French), 125 → "2m 5s", 0 → "0s" (a duration label). */
export function formatDuration(totalSeconds: number | null | undefined, locale: string): string {
  if (totalSeconds === null || totalSeconds === undefined || !Number.isFinite(totalSeconds)) return "–";
  const s = Math.max(0, Math.round(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (hours > 0) return `${timeUnit(hours, "hour", locale)} ${timeUnit(minutes, "minute", locale)}`;
  if (minutes > 0) return `${timeUnit(minutes, "minute", locale)} ${timeUnit(s % 60, "second", locale)}`;
  return timeUnit(s, "second", locale);
}

/** A run time: under a second stays milliseconds ("340 ms"); longer reads as a duration ("2m 5s"). */
export function formatMilliseconds(ms: number, locale: string): string {
  if (ms >= 1000) return formatDuration(ms / 1000, locale);
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: "millisecond",
    maximumFractionDigits: 0,
  }).format(Math.round(ms));
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
];

/**
 * "2 hours ago" within a week, else the date in the user's style; `now` is passed in so callers and tests
 * control the clock.
 */
export function formatRelative(iso: string, now: number, style: DateStyle): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return "–";
  let value = (then - now) / 1000;
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(value) < size) {
      return new Intl.RelativeTimeFormat(style.locale, { numeric: "auto" }).format(Math.round(value), unit);
    }
    value /= size;
  }
  return formatDate(iso, style);
}

/**
 * For times that have passed (a last run, a snapshot): a clock that ticks slowly, or a server slightly
 * ahead, never makes them read "in 1 second".
 */
export function formatPast(iso: string, now: number, style: DateStyle): string {
  const then = Date.parse(iso);
  return formatRelative(iso, Number.isNaN(then) ? now : Math.max(now, then), style);
}

/** A timestamp in the user's time zone and date format (see `DateStyle`). */
export function formatDate(iso: string, style: DateStyle): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "–";
  return formatDateTime(date, style);
}

/** Bytes per second → "2.5 MB/s" ("2,5 Mo/s" in French). */
export function formatSpeed(bytesPerSecond: number, locale: string): string {
  return `${formatBytes(bytesPerSecond, locale)}/s`;
}
