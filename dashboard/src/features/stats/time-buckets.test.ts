import { describe, expect, test } from "bun:test";
import {
  bucketBoundaries,
  bucketLabel,
  labelledIndexes,
  parseStatsSearch,
  periodStart,
  relativeHeights,
  type StatsSearch,
} from "./time-buckets";

// Dates are built in the runtime's time zone, as the browser's would be.
const local = (y: number, m: number, d: number, h = 0) => new Date(y, m - 1, d, h);
const iso = (y: number, m: number, d: number) => local(y, m, d).toISOString();

describe("parseStatsSearch", () => {
  test.each<[Record<string, unknown>, StatsSearch]>([
    [{}, {}],
    [{ period: "week", metric: "duration" }, {}],
    [
      { period: "month", metric: "size" },
      { period: "month", metric: "size" },
    ],
    [
      { period: "day", metric: "count" },
      { period: "day", metric: "count" },
    ],
    [{ period: "year", metric: "bytes" }, {}],
  ])("%p → %p", (raw, expected) => {
    expect(parseStatsSearch(raw)).toEqual(expected);
  });
});

describe("periods", () => {
  test.each([
    ["day", local(2026, 3, 4, 15), local(2026, 3, 4)],
    ["week", local(2026, 3, 4, 15), local(2026, 3, 2)], // a Wednesday → its Monday
    ["week", local(2026, 3, 8, 23), local(2026, 3, 2)], // a Sunday belongs to the week before
    ["week", local(2026, 3, 2), local(2026, 3, 2)],
    ["week", local(2026, 1, 1), local(2025, 12, 29)], // across a year
    ["month", local(2026, 3, 31, 23), local(2026, 3, 1)],
  ] as const)("a %s holding %p starts at %p", (period, date, start) => {
    expect(periodStart(date, period)).toEqual(start);
  });

  test("the last 3 days: local midnights, today last", () => {
    expect(bucketBoundaries("day", local(2026, 3, 1, 9), 3)).toEqual([
      iso(2026, 2, 27),
      iso(2026, 2, 28),
      iso(2026, 3, 1),
      iso(2026, 3, 2),
    ]);
  });

  test("the last 2 weeks start on Mondays; the last 13 by default", () => {
    expect(bucketBoundaries("week", local(2026, 3, 4), 2)).toEqual([
      iso(2026, 2, 23),
      iso(2026, 3, 2),
      iso(2026, 3, 9),
    ]);
    expect(bucketBoundaries("week", local(2026, 3, 4))).toHaveLength(14);
  });

  test("the last 12 months cross the year on the 1st", () => {
    const months = bucketBoundaries("month", local(2026, 2, 15));
    expect(months).toHaveLength(13);
    expect(months[0]).toBe(iso(2025, 3, 1));
    expect(months.at(-2)).toBe(iso(2026, 2, 1));
    expect(months.at(-1)).toBe(iso(2026, 3, 1));
  });

  test("boundaries always ascend, so the server accepts them", () => {
    for (const period of ["day", "week", "month"] as const) {
      const times = bucketBoundaries(period, local(2026, 10, 25, 2)).map(Date.parse);
      expect(times.every((t, i) => i === 0 || t > (times[i - 1] as number))).toBe(true);
    }
  });
});

test.each([
  ["day", "en-GB", "1 Mar"],
  ["week", "fr", "1 mars"],
  ["month", "en-US", "Mar 2026"],
  ["month", "fr", "mars 2026"],
] as const)("a %s labelled in %s: %s", (period, locale, label) => {
  expect(bucketLabel(iso(2026, 3, 1), period, locale)).toBe(label);
});

test("heights are shares of the largest, nothing recorded is flat", () => {
  expect(relativeHeights([0, 5, 10])).toEqual([0, 0.5, 1]);
  expect(relativeHeights([0, 0])).toEqual([0, 0]);
  expect(relativeHeights([])).toEqual([]);
});

test.each([
  [30, 6, [29, 24, 19, 14, 9, 4]],
  [12, 12, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]],
  [13, 4, [12, 8, 4, 0]],
  [0, 4, []],
])("%i bars with room for %i labels: %p", (count, room, expected) => {
  expect([...labelledIndexes(count, room)]).toEqual(expected);
});
