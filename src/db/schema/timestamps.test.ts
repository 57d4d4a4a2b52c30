import { describe, expect, test } from "bun:test";
import { pgTimestampToIso, toIsoTimestamp } from "./timestamps.ts";

describe("pgTimestampToIso", () => {
  test.each([
    ["2026-11-28 00:05:04.086+00", "2026-11-28T00:05:04.086Z"],
    ["2026-11-28 00:05:04+00", "2026-11-28T00:05:04.000Z"],
    ["2026-11-28 00:05:04.08+00", "2026-11-28T00:05:04.080Z"],
    ["2026-11-28 00:05:04.086512+00", "2026-11-28T00:05:04.086Z"],
    ["2026-11-28 01:05:04.086+01", "2026-11-28T00:05:04.086Z"],
    ["2026-11-27 19:35:04.086-04:30", "2026-11-28T00:05:04.086Z"],
    ["2026-11-28 00:05:04.086+00:00:00", "2026-11-28T00:05:04.086Z"],
    ["2026-11-28T00:05:04.086Z", "2026-11-28T00:05:04.086Z"],
  ])("%s → %s", (text, iso) => {
    expect(pgTimestampToIso(text)).toBe(iso);
  });
});

describe("toIsoTimestamp", () => {
  test.each([
    ["2026-11-28T00:05:04.086Z", "2026-11-28T00:05:04.086Z"],
    ["2026-11-28T01:05:04+01:00", "2026-11-28T00:05:04.000Z"],
    [new Date(Date.UTC(2026, 10, 28, 0, 5, 4, 86)), "2026-11-28T00:05:04.086Z"],
  ])("%p → %s", (input, iso) => {
    expect(toIsoTimestamp(input)).toBe(iso);
  });

  test("refuses what is not a timestamp, naming it", () => {
    expect(() => toIsoTimestamp("yesterday")).toThrow('not a timestamp: "yesterday"');
  });
});
