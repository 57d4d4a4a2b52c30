import { expect, test } from "bun:test";
import { checkTimeZone, timeZoneSuggestions } from "./preferences";

test.each<[string, ReturnType<typeof checkTimeZone>]>([
  ["UTC", { ok: true, value: "UTC" }],
  ["Europe/Paris", { ok: true, value: "Europe/Paris" }],
  ["  America/New_York ", { ok: true, value: "America/New_York" }],
  ["europe/paris", { ok: true, value: "Europe/Paris" }],
  // Empty: nothing chosen, each browser's own zone applies.
  ["", { ok: true, value: null }],
  ["   ", { ok: true, value: null }],
  ["Mars/Olympus_Mons", { ok: false, error: "unknown" }],
  ["Paris", { ok: false, error: "unknown" }],
  [`Europe/${"x".repeat(60)}`, { ok: false, error: "tooLong" }],
])("time zone %j → %j", (raw, expected) => {
  expect(checkTimeZone(raw)).toEqual(expected);
});

test("suggestions start with UTC and list it once", () => {
  const zones = timeZoneSuggestions();
  expect(zones[0]).toBe("UTC");
  expect(zones.filter((zone) => zone === "UTC")).toHaveLength(1);
  expect(zones).toContain("Europe/Paris");
});
