import { describe, expect, test } from "bun:test";
import {
  listSignature,
  type QuotaLevel,
  quotaLevel,
  quotaPercent,
  type SubscriptionsList,
  snapshotBars,
  snapshotOutdated,
} from "./quota";

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

describe("snapshotOutdated: the quota card against the list under it", () => {
  const snapshot = { total: 2, fetched_at: "2026-12-07T03:10:00.000Z" };
  const row = (id: string, updated_at = "2026-12-07T03:09:59.000Z", status = "enabled") => ({
    id,
    status,
    updated_at,
  });
  test.each<[string, typeof snapshot | null, SubscriptionsList, boolean]>([
    ["the same subscriptions, none changed since", snapshot, { total: 2, data: [row("a"), row("b")] }, false],
    [
      "a subscription mirrored in the same millisecond as the snapshot",
      snapshot,
      { total: 2, data: [row("a"), row("b", snapshot.fetched_at)] },
      false,
    ],
    ["no snapshot while subscriptions exist", null, { total: 1, data: [row("a")] }, true],
    ["no snapshot and nothing to count", null, { total: 0, data: [] }, false],
    [
      "taken before the boot created them (0 beside 12)",
      { ...snapshot, total: 0 },
      { total: 2, data: [row("a"), row("b")] },
      true,
    ],
    ["one removed since (a recording ended)", snapshot, { total: 1, data: [row("a")] }, true],
    [
      "one verified since",
      snapshot,
      { total: 2, data: [row("a"), row("b", "2026-12-07T03:10:01.000Z")] },
      true,
    ],
  ])("%s", (_name, snap, list, expected) => {
    expect(snapshotOutdated(snap, list)).toBe(expected);
  });

  test("the list's signature changes when a subscription comes, goes or changes status, not with order", () => {
    const base = { total: 2, data: [row("a"), row("b")] };
    expect(listSignature({ total: 2, data: [row("b"), row("a")] })).toBe(listSignature(base));
    expect(
      listSignature({ total: 2, data: [row("a"), row("b", undefined, "authorization_revoked")] }),
    ).not.toBe(listSignature(base));
    expect(listSignature({ total: 1, data: [row("a")] })).not.toBe(listSignature(base));
  });
});
