import { describe, expect, test } from "bun:test";
import { admit, type Budget, type CacheSpace, cacheBudget, evictionOrder, keptFree } from "./budget.ts";

const GB = 1e9;
const disk = (totalGb: number, freeGb: number) => ({ totalBytes: totalGb * GB, freeBytes: freeGb * GB });
const local = (totalGb: number, freeGb: number, floorGb = 0): CacheSpace => ({
  storage: "local",
  disk: disk(totalGb, freeGb),
  recorderFloorBytes: floorGb * GB,
});

describe("keptFree", () => {
  test.each([
    ["5 % of the disk", 1000, 0, 50],
    ["the recorder's floor when higher", 1000, 80, 80],
    ["a tiny disk", 1, 0, 0.05],
  ])("%s", (_, totalGb, floorGb, keptGb) => {
    expect(keptFree(disk(totalGb, 0), floorGb * GB)).toBe(keptGb * GB);
  });
});

describe("cacheBudget", () => {
  test.each([
    // [what, percent, space, used, budget GB, limited by]
    ["local: the share of the disk", 10, local(1000, 500), 0, 100, "share"],
    ["local: the cache's own files count as room", 10, local(1000, 60), 95, 100, "share"],
    ["local: a nearly full disk keeps 5 % free", 10, local(1000, 80), 0, 30, "free-space"],
    ["local: and the recorder's floor when higher", 10, local(1000, 80, 70), 0, 10, "free-space"],
    ["local: a disk under its floor holds nothing new", 10, local(1000, 20), 5, 0, "free-space"],
    ["local: 100 %", 100, local(1000, 1000), 0, 950, "free-space"],
    ["local: 0 %", 0, local(1000, 1000), 0, 0, "share"],
  ] as const)("%s", (_, percent, space, usedGb, budgetGb, limitedBy) => {
    const budget = cacheBudget(percent, space, usedGb * GB);
    expect([budget.bytes / GB, budget.limitedBy]).toEqual([budgetGb, limitedBy]);
  });

  test("S3: the share of the library, whatever the scratch disk", () => {
    const budget = cacheBudget(
      25,
      { storage: "s3", libraryBytes: 400 * GB, scratch: disk(100, 1), recorderFloorBytes: 0 },
      0,
    );
    expect([budget.bytes / GB, budget.limitedBy, budget.keptFreeBytes / GB]).toEqual([100, "share", 5]);
  });
});

describe("evictionOrder", () => {
  const lru = [
    { video_id: 1, size_bytes: 300 },
    { video_id: 2, size_bytes: null },
    { video_id: 3, size_bytes: 500 },
    { video_id: 4, size_bytes: 200 },
  ];
  test.each([
    ["within the target: nothing", 1000, 1000, []],
    ["just over: the least recently used", 1000, 900, [1]],
    ["a file of unknown size frees nothing but goes in turn", 1000, 600, [1, 2, 3]],
    ["to zero: everything", 1000, 0, [1, 2, 3, 4]],
    ["more than everything: everything", 5000, 0, [1, 2, 3, 4]],
  ] as const)("%s", (_, used, target, evicted) => {
    expect(evictionOrder(lru, used, target)).toEqual([...evicted]);
  });
});

describe("admit", () => {
  const budget = (over: Partial<Budget> = {}): Budget => ({
    bytes: 1000,
    limitedBy: "share",
    maxPercent: 10,
    storage: "local",
    keptFreeBytes: 50,
    ...over,
  });
  const lru = [
    { video_id: 1, size_bytes: 400 },
    { video_id: 2, size_bytes: 400 },
  ];

  test("fits in the room left: nothing evicted", () => {
    expect(admit({ budget: budget(), usedBytes: 800, incomingBytes: 200, lru })).toEqual({
      fits: true,
      evict: [],
    });
  });

  test("fits once the least recently used files go", () => {
    expect(admit({ budget: budget(), usedBytes: 800, incomingBytes: 500, lru })).toEqual({
      fits: true,
      evict: [1],
    });
    expect(admit({ budget: budget(), usedBytes: 800, incomingBytes: 1000, lru })).toEqual({
      fits: true,
      evict: [1, 2],
    });
  });

  test.each([
    [
      "bigger than the share",
      budget(),
      1001,
      undefined,
      /more than the playback cache may hold .*10 % of the disk.*raise the size limit/,
    ],
    [
      "bigger than the library's share",
      budget({ storage: "s3" }),
      1001,
      undefined,
      /10 % of the library's size/,
    ],
    [
      "the disk must keep its free space",
      budget({ limitedBy: "free-space" }),
      1001,
      undefined,
      /while keeping .* free: free some space/,
    ],
    [
      "S3: scratch too small for parts and file",
      budget({ storage: "s3" }),
      500,
      { totalBytes: 10_000, freeBytes: 1049 },
      /local scratch space/,
    ],
  ])("does not fit: %s", (_, b, incoming, scratch, reason) => {
    const admission = admit({ budget: b, usedBytes: 0, incomingBytes: incoming, lru: [], scratch });
    expect(admission.fits).toBe(false);
    expect(!admission.fits && admission.reason).toMatch(reason);
  });

  test("S3: scratch with room for the parts and the file", () => {
    const scratch = { totalBytes: 10_000, freeBytes: 1050 };
    expect(
      admit({ budget: budget({ storage: "s3" }), usedBytes: 0, incomingBytes: 500, lru: [], scratch }),
    ).toEqual({ fits: true, evict: [] });
  });
});
