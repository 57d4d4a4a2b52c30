import { describe, expect, test } from "bun:test";
import {
  formatBytes,
  formatClock,
  formatDuration,
  formatMilliseconds,
  formatPast,
  formatRelative,
} from "./format";

const browserStyle = (locale: string) => ({ locale, timeZone: null, format: null });

describe("formatBytes", () => {
  test.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1536, "1.5 KB"],
    [10 * 1024 * 1024, "10 MB"],
    [3.25 * 1024 ** 3, "3.3 GB"],
    [null, "–"],
    [-1, "–"],
  ] as const)("%p → %p", (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});

describe("formatClock", () => {
  test.each([
    [0, "0:00"],
    [65, "1:05"],
    [3725, "1:02:05"],
    [59.9, "0:59"],
    [-3, "0:00"],
  ])("%p s → %p", (seconds, expected) => {
    expect(formatClock(seconds)).toBe(expected);
  });
});

describe("formatDuration", () => {
  test.each([
    [0, "0s"],
    [125, "2m 5s"],
    [3725, "1h 2m"],
    [null, "–"],
  ] as const)("%p s → %p", (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});

describe("formatMilliseconds", () => {
  test.each([
    [0, "0 ms"],
    [12.4, "12 ms"],
    [999, "999 ms"],
    [1000, "1s"],
    [125_000, "2m 5s"],
  ] as const)("%p ms → %p", (ms, expected) => {
    expect(formatMilliseconds(ms)).toBe(expected);
  });
});

describe("formatRelative", () => {
  const now = Date.parse("2026-05-10T12:00:00Z");
  test.each([
    ["2026-05-10T11:59:30Z", "en", "30 seconds ago"],
    ["2026-05-10T10:00:00Z", "en", "2 hours ago"],
    ["2026-05-09T12:00:00Z", "en", "yesterday"],
    ["2026-05-10T10:00:00Z", "fr", "il y a 2 heures"],
  ])("%p in %p → %p", (iso, locale, expected) => {
    expect(formatRelative(iso, now, browserStyle(locale))).toBe(expected);
  });

  test("older than a week falls back to the date", () => {
    expect(formatRelative("2026-04-01T12:00:00Z", now, browserStyle("en"))).toContain("2026");
  });

  test("that date is in the user's zone and format", () => {
    const style = { locale: "en", timeZone: "Asia/Tokyo", format: "EU" } as const;
    expect(formatRelative("2026-04-01T20:30:00Z", now, style)).toBe("02/04/2026 05:30");
  });

  test("an unreadable date shows a dash", () => {
    expect(formatRelative("not a date", now, browserStyle("en"))).toBe("–");
  });
});

describe("formatPast", () => {
  const now = Date.parse("2026-05-10T12:00:00Z");
  test.each([
    ["2026-05-10T11:58:00Z", "2 minutes ago"],
    ["2026-05-10T12:00:20Z", "now"],
    ["not a date", "–"],
  ])("%p → %p", (iso, expected) => {
    expect(formatPast(iso, now, browserStyle("en"))).toBe(expected);
  });
});
