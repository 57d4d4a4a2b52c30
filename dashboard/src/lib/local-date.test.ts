import { describe, expect, test } from "bun:test";
import { parseDateString, startOfLocalDay, toDateString } from "./local-date";

describe("parseDateString", () => {
  test.each<[unknown, ReturnType<typeof parseDateString>]>([
    ["2026-03-01", { year: 2026, month: 3, day: 1 }],
    ["2028-02-29", { year: 2028, month: 2, day: 29 }],
    ["2026-02-29", null],
    ["2026-13-01", null],
    ["2026-3-1", null],
    ["01/03/2026", null],
    ["", null],
    [20260301, null],
    [undefined, null],
  ])("%p → %p", (value, expected) => {
    expect(parseDateString(value)).toEqual(expected);
  });
});

test("a local day starts at its midnight, in the runtime's time zone; offsets count whole days", () => {
  expect(startOfLocalDay("2026-03-01")).toBe(new Date(2026, 2, 1).toISOString());
  expect(startOfLocalDay("2026-12-31", 1)).toBe(new Date(2027, 0, 1).toISOString());
  expect(() => startOfLocalDay("2026-02-30")).toThrow("not a date");
});

test("a date reads back as the day a date input shows", () => {
  expect(toDateString(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
  expect(toDateString(new Date(startOfLocalDay("2026-07-14")))).toBe("2026-07-14");
});
