import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  diskUsage,
  diskUsageSync,
  type FreeSpaceLevel,
  type FreeSpaceSettings,
  freeSpaceFloor,
  freeSpaceVerdict,
  resumeBytes,
} from "./disk-space.ts";

const GiB = 2 ** 30;
const DEFAULTS: FreeSpaceSettings = { minFreeBytes: 2 * GiB, minFreePercent: 5 };

describe("freeSpaceFloor", () => {
  test.each([
    ["a big disk: the 2 GiB setting", 500 * GiB, DEFAULTS, 2 * GiB],
    ["a small disk: 5 % of it", 20 * GiB, DEFAULTS, 1 * GiB],
    ["where the two meet", 40 * GiB, DEFAULTS, 2 * GiB],
    ["min_free_bytes = 0 turns it off", 500 * GiB, { minFreeBytes: 0, minFreePercent: 5 }, 0],
    ["min_free_percent = 0 turns it off", 500 * GiB, { minFreeBytes: 2 * GiB, minFreePercent: 0 }, 0],
  ] as [string, number, FreeSpaceSettings, number][])("%s", (_name, total, settings, floor) => {
    expect(freeSpaceFloor(total, settings)).toBe(floor);
  });
});

test("a full disk resumes at the floor and 5 % of it, at most 64 MiB more (the event log names it)", () => {
  expect(resumeBytes(2 * GiB)).toBe(2 * GiB + 64 * 2 ** 20);
  expect(resumeBytes(GiB)).toBe(GiB + Math.floor(GiB * 0.05));
  expect(resumeBytes(0)).toBe(0);
});

describe("freeSpaceVerdict", () => {
  test.each([
    // [what, total, free, previous, level, message]
    [
      "plenty",
      500 * GiB,
      100 * GiB,
      undefined,
      "ok",
      "100 GiB of 500 GiB free on the data folder's disk (floor 2 GiB)",
    ],
    [
      "under twice the floor: a warning",
      500 * GiB,
      3 * GiB,
      undefined,
      "low",
      "3 GiB free on the data folder's disk, close to the 2 GiB floor: recordings pause below it",
    ],
    [
      "exactly at the floor is not under it",
      500 * GiB,
      2 * GiB,
      undefined,
      "low",
      "2 GiB free on the data folder's disk, close to the 2 GiB floor: recordings pause below it",
    ],
    [
      "exactly twice the floor is ok",
      500 * GiB,
      4 * GiB,
      undefined,
      "ok",
      "4 GiB of 500 GiB free on the data folder's disk (floor 2 GiB)",
    ],
    [
      "under the floor: full",
      500 * GiB,
      1.25 * GiB,
      undefined,
      "full",
      "1.2 GiB free on the data folder's disk, under the 2 GiB floor: recordings are paused until space is freed (MIN_FREE_BYTES, MIN_FREE_PERCENT)",
    ],
    [
      "a small disk uses 5 %: 1.5 GiB of 20 GiB is low",
      20 * GiB,
      1.5 * GiB,
      undefined,
      "low",
      "1.5 GiB free on the data folder's disk, close to the 1 GiB floor: recordings pause below it",
    ],
    [
      "a small disk: 0.5 GiB of 20 GiB is full",
      20 * GiB,
      0.5 * GiB,
      undefined,
      "full",
      "512 MiB free on the data folder's disk, under the 1 GiB floor: recordings are paused until space is freed (MIN_FREE_BYTES, MIN_FREE_PERCENT)",
    ],
    [
      "a full disk freed to just over the floor stays full until the margin is there too",
      500 * GiB,
      2.05 * GiB,
      "full",
      "full",
      "2 GiB free on the data folder's disk, just over the 2 GiB floor: recordings stay paused until 2.1 GiB are free (MIN_FREE_BYTES, MIN_FREE_PERCENT)",
    ],
    [
      "the same free space coming from ok is only low",
      500 * GiB,
      2.05 * GiB,
      "ok",
      "low",
      "2 GiB free on the data folder's disk, close to the 2 GiB floor: recordings pause below it",
    ],
    [
      "freed past floor + margin: full → low",
      500 * GiB,
      2.2 * GiB,
      "full",
      "low",
      "2.2 GiB free on the data folder's disk, close to the 2 GiB floor: recordings pause below it",
    ],
    [
      "low stays low just over the warning line",
      500 * GiB,
      4.05 * GiB,
      "low",
      "low",
      "4 GiB free on the data folder's disk, close to the 2 GiB floor: recordings pause below it",
    ],
    [
      "low → ok past the warning line + margin",
      500 * GiB,
      4.2 * GiB,
      "low",
      "ok",
      "4.2 GiB of 500 GiB free on the data folder's disk (floor 2 GiB)",
    ],
  ] as [string, number, number, FreeSpaceLevel | undefined, FreeSpaceLevel, string][])(
    "%s",
    (_name, total, free, previous, level, message) => {
      const v = freeSpaceVerdict({ totalBytes: total, freeBytes: free }, DEFAULTS, previous);
      expect({ level: v.level, message: v.message }).toEqual({ level, message });
      expect(v.freeBytes).toBe(free);
      expect(v.warnBytes).toBe(v.floorBytes * 2);
    },
  );

  test("with the guard off, even an empty disk is ok, and the message says why", () => {
    const v = freeSpaceVerdict(
      { totalBytes: 10 * GiB, freeBytes: 0 },
      { minFreeBytes: 0, minFreePercent: 5 },
    );
    expect(v).toMatchObject({ level: "ok", floorBytes: 0, warnBytes: 0 });
    expect(v.message).toBe(
      "0 B of 10 GiB free on the data folder's disk; no floor (min_free_bytes or min_free_percent is 0)",
    );
  });
});

/** `df`'s own figures for the filesystem holding `path`: an independent reading of the same disk. */
async function df(path: string): Promise<{ avail: number; size: number }> {
  const proc = Bun.spawn(["df", "-B1", "--output=avail,size", path], { stdout: "pipe" });
  const text = await new Response(proc.stdout).text();
  const [avail, size] = (text.trim().split("\n")[1] ?? "").trim().split(/\s+/).map(Number);
  return { avail: avail ?? Number.NaN, size: size ?? Number.NaN };
}

describe("diskUsage", () => {
  test("measures what df measures", async () => {
    const dir = mkdtempSync(join(tmpdir(), "replayd-disk-"));
    const [usage, reference] = await Promise.all([diskUsage(dir), df(dir)]);
    expect(usage.totalBytes).toBe(reference.size);
    // Other processes write to this disk too: allow a little drift between the two readings.
    expect(Math.abs(usage.freeBytes - reference.avail)).toBeLessThan(256 * 2 ** 20);
    expect(diskUsageSync(dir).totalBytes).toBe(reference.size);
  });

  test("a folder not created yet is measured on the disk it will be on", async () => {
    const dir = mkdtempSync(join(tmpdir(), "replayd-disk-"));
    const missing = join(dir, "data", "not", "yet");
    expect((await diskUsage(missing)).totalBytes).toBe((await diskUsage(dir)).totalBytes);
    expect(diskUsageSync(missing).totalBytes).toBe((await diskUsage(dir)).totalBytes);
  });

  test("a path through a file is an error (ENOTDIR), not a guess", async () => {
    const dir = mkdtempSync(join(tmpdir(), "replayd-disk-"));
    writeFileSync(join(dir, "file"), "x");
    await expect(diskUsage(join(dir, "file", "data"))).rejects.toMatchObject({ code: "ENOTDIR" });
  });
});
