import { expect, test } from "bun:test";
import {
  type DateStyle,
  type DatetimeFormat,
  formatDateTime,
  formatInPreference,
  formatTimeOfDay,
} from "./date-style";

// 2025-03-09T14:05:09Z: afternoon in UTC, still morning in New York (EDT began that night: UTC-4), the
// next day in Auckland.
const instant = new Date("2025-03-09T14:05:09Z");

test.each<[DatetimeFormat, string, string]>([
  ["ISO", "UTC", "2025-03-09 14:05"],
  ["EU", "UTC", "09/03/2025 14:05"],
  ["US", "UTC", "03/09/2025 2:05 PM"],
  ["ISO", "Europe/Paris", "2025-03-09 15:05"],
  ["US", "America/New_York", "03/09/2025 10:05 AM"],
  ["ISO", "Asia/Tokyo", "2025-03-09 23:05"],
  ["EU", "Pacific/Auckland", "10/03/2025 03:05"],
  ["EU", "Asia/Kolkata", "09/03/2025 19:35"],
])("%s in %s → %s", (format, zone, expected) => {
  expect(formatInPreference(instant, format, zone)).toBe(expected);
});

test("midnight is 00, not 24, in the 24-hour formats, and 12 AM in the US one", () => {
  expect(formatInPreference(new Date("2025-01-01T00:30:00Z"), "ISO", "UTC")).toBe("2025-01-01 00:30");
  expect(formatInPreference(new Date("2025-01-01T00:30:00Z"), "US", "UTC")).toBe("01/01/2025 12:30 AM");
});

test.each<[DateStyle, string]>([
  // A chosen format wins over the language's way of writing dates.
  [{ locale: "fr", timeZone: "Europe/Paris", format: "ISO" }, "2025-03-09 15:05"],
  [{ locale: "en", timeZone: "America/New_York", format: "US" }, "03/09/2025 10:05 AM"],
  // No format chosen: the language's own, still in the chosen zone.
  [{ locale: "en", timeZone: "UTC", format: null }, "Mar 9, 2025, 2:05 PM"],
  [{ locale: "fr", timeZone: "Asia/Tokyo", format: null }, "9 mars 2025, 23:05"],
  // A zone this browser does not know falls back to the browser's rather than failing the page.
  [{ locale: "en", timeZone: "Mars/Olympus_Mons", format: "ISO" }, formatInPreference(instant, "ISO")],
])("%j → %s", (style, expected) => {
  expect(formatDateTime(instant, style)).toBe(expected);
});

test.each<[DateStyle, string]>([
  [{ locale: "en", timeZone: "Europe/Paris", format: "EU" }, "15:05:09"],
  [{ locale: "en", timeZone: "America/New_York", format: "US" }, "10:05:09 AM"],
  [{ locale: "fr", timeZone: "UTC", format: null }, "14:05:09"],
])("time of day %j → %s", (style, expected) => {
  expect(formatTimeOfDay(instant, style)).toBe(expected);
});
