import { describe, expect, test } from "bun:test";
import {
  formatBytes,
  formatClock,
  formatDuration,
  formatMilliseconds,
  formatPast,
  formatRelative,
  formatSpeed,
} from "./format";

// Numbers and units are joined by a no-break space; "_" stands for it below, to keep the tables readable.
const nb = (text: string) => text.replaceAll("_", "\u00a0");
const browserStyle = (locale: string) => ({ locale, timeZone: null, format: null });

describe("formatBytes", () => {
  test.each([
    [0, "en", "0_B"],
    [1023, "en", "1,023_B"],
    [1536, "en", "1.5_KB"],
    [10 * 1024 * 1024, "en", "10_MB"],
    [3.25 * 1024 ** 3, "en", "3.3_GB"],
    [0, "fr", "0_o"],
    [1536, "fr", "1,5_Ko"],
    [1.4 * 1024 ** 2, "fr-FR", "1,4_Mo"],
    [72 * 1024 ** 3, "fr", "72_Go"],
    [1536, "de", "1,5_KB"],
    [null, "en", "–"],
    [-1, "fr", "–"],
  ] as const)("%p in %p → %p", (bytes, locale, expected) => {
    expect(formatBytes(bytes, locale)).toBe(nb(expected));
  });
});

describe("formatSpeed", () => {
  test.each([
    [92 * 1024, "en", "92_KB/s"],
    [92 * 1024, "fr", "92_Ko/s"],
    [4.5 * 1024, "fr", "4,5_Ko/s"],
    [0, "fr", "0_o/s"],
  ] as const)("%p B/s in %p → %p", (speed, locale, expected) => {
    expect(formatSpeed(speed, locale)).toBe(nb(expected));
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
    [0, "en", "0s"],
    [125, "en", "2m 5s"],
    [3725, "en", "1h 2m"],
    [74, "fr", "1min 14s"],
    [3725, "fr", "1h 2min"],
    [null, "fr", "–"],
  ] as const)("%p s in %p → %p", (seconds, locale, expected) => {
    expect(formatDuration(seconds, locale)).toBe(expected);
  });
});

describe("formatMilliseconds", () => {
  test.each([
    [0, "en", "0 ms"],
    [12.4, "en", "12 ms"],
    [999, "en", "999 ms"],
    [1000, "en", "1s"],
    [125_000, "en", "2m 5s"],
    [340, "fr", "340 ms"],
    [125_000, "fr", "2min 5s"],
  ] as const)("%p ms in %p → %p", (ms, locale, expected) => {
    // Intl's own no-break space (French puts a narrow one before "ms") read as a space.
    expect(formatMilliseconds(ms, locale).replace(/\s/gu, " ")).toBe(expected);
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
