import { describe, expect, test } from "bun:test";
import { type QuotaLevel, quotaLevel, quotaPercent, snapshotBars } from "./quota";

describe("quotaPercent", () => {
  test.each<[string, number, number, number | null]>([
    ["nothing used", 0, 10_000, 0],
    ["a tiny cost still shows 1 %", 2, 10_000, 1],
    ["a quarter", 2_500, 10_000, 25],
    ["rounded", 3_333, 10_000, 33],
    ["nearly full stays under 100", 9_995, 10_000, 99],
    ["full", 10_000, 10_000, 100],
    ["over budget is capped", 12_000, 10_000, 100],
    ["no budget", 5, 0, null],
    ["negative cost reads as none", -3, 100, 0],
  ])("%s", (_name, used, max, expected) => {
    expect(quotaPercent(used, max)).toBe(expected);
  });
});

describe("quotaLevel", () => {
  test.each<[number | null, QuotaLevel]>([
    [null, "ok"],
    [0, "ok"],
    [74, "ok"],
    [75, "warning"],
    [89, "warning"],
    [90, "critical"],
    [100, "critical"],
  ])("%p → %s", (percent, level) => {
    expect(quotaLevel(percent)).toBe(level);
  });
});

const snap = (id: number, cost: number, at: string, max = 100) => ({
  id,
  total: cost,
  total_cost: cost,
  max_total_cost: max,
  fetched_at: at,
});

describe("snapshotBars", () => {
  test.each<{
    name: string;
    input: ReturnType<typeof snap>[];
    limit?: number;
    ids: number[];
    heights: number[];
  }>([
    { name: "none", input: [], ids: [], heights: [] },
    {
      name: "oldest first, scaled to the highest",
      input: [
        snap(3, 10, "2024-01-01T03:00:00Z"),
        snap(1, 5, "2024-01-01T01:00:00Z"),
        snap(2, 0, "2024-01-01T02:00:00Z"),
      ],
      ids: [1, 2, 3],
      heights: [50, 4, 100],
    },
    {
      name: "all zero: every bar at the minimum",
      input: [snap(1, 0, "2024-01-01T01:00:00Z"), snap(2, 0, "2024-01-01T02:00:00Z")],
      ids: [1, 2],
      heights: [4, 4],
    },
    {
      name: "keeps the newest when over the limit",
      input: [
        snap(1, 1, "2024-01-01T01:00:00Z"),
        snap(2, 2, "2024-01-01T02:00:00Z"),
        snap(3, 4, "2024-01-01T03:00:00Z"),
      ],
      limit: 2,
      ids: [2, 3],
      heights: [50, 100],
    },
  ])("$name", ({ input, limit, ids, heights }) => {
    const bars = snapshotBars(input, limit);
    expect(bars.map((b) => b.id)).toEqual(ids);
    expect(bars.map((b) => b.height)).toEqual(heights);
  });

  test("each bar carries its level against its own budget", () => {
    const bars = snapshotBars([snap(1, 80, "2024-01-01T01:00:00Z"), snap(2, 95, "2024-01-01T02:00:00Z")]);
    expect(bars.map((b) => b.level)).toEqual(["warning", "critical"]);
  });
});
