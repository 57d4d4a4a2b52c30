import { expect, test } from "bun:test";
import { checkTimeZone, type DatetimeFormat, formatInPreference, timeZoneSuggestions } from "./preferences";

test.each<[string, ReturnType<typeof checkTimeZone>]>([
  ["UTC", { ok: true, value: "UTC" }],
  ["Europe/Paris", { ok: true, value: "Europe/Paris" }],
  ["  America/New_York ", { ok: true, value: "America/New_York" }],
  ["europe/paris", { ok: true, value: "Europe/Paris" }],
  ["", { ok: false, error: "required" }],
  ["   ", { ok: false, error: "required" }],
  ["Mars/Olympus_Mons", { ok: false, error: "unknown" }],
  ["Paris", { ok: false, error: "unknown" }],
  [`Europe/${"x".repeat(60)}`, { ok: false, error: "tooLong" }],
])("time zone %j → %j", (raw, expected) => {
  expect(checkTimeZone(raw)).toEqual(expected);
});

// 2025-03-09T14:05:00Z: afternoon in UTC, still morning in New York (EDT began that night: UTC-4).
const instant = new Date("2025-03-09T14:05:00Z");

test.each<[DatetimeFormat, string, string]>([
  ["ISO", "UTC", "2025-03-09 14:05"],
  ["EU", "UTC", "09/03/2025 14:05"],
  ["US", "UTC", "03/09/2025 2:05 PM"],
  ["ISO", "Europe/Paris", "2025-03-09 15:05"],
  ["US", "America/New_York", "03/09/2025 10:05 AM"],
  ["ISO", "Asia/Tokyo", "2025-03-09 23:05"],
  ["EU", "Pacific/Auckland", "10/03/2025 03:05"],
])("%s in %s → %s", (format, zone, expected) => {
  expect(formatInPreference(instant, format, zone)).toBe(expected);
});

test("midnight is 00, not 24, in the 24-hour formats", () => {
  expect(formatInPreference(new Date("2025-01-01T00:30:00Z"), "ISO", "UTC")).toBe("2025-01-01 00:30");
  expect(formatInPreference(new Date("2025-01-01T00:30:00Z"), "US", "UTC")).toBe("01/01/2025 12:30 AM");
});

test("suggestions start with UTC and list it once", () => {
  const zones = timeZoneSuggestions();
  expect(zones[0]).toBe("UTC");
  expect(zones.filter((zone) => zone === "UTC")).toHaveLength(1);
  expect(zones).toContain("Europe/Paris");
});
