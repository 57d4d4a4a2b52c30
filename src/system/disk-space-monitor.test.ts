import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { createLogger } from "../log/logger.ts";
import { diskUsage, type FreeSpaceSettings } from "./disk-space.ts";
import { type DiskLevel, type DiskSample, DiskSpaceMonitor } from "./disk-space-monitor.ts";

const MiB = 2 ** 20;
const monitors: DiskSpaceMonitor[] = [];
const cleanups: (() => void)[] = [];

afterEach(() => {
  for (const m of monitors.splice(0)) m.stop();
  for (const undo of cleanups.splice(0).reverse()) undo();
});

function captureLog() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: createLogger({ level: "debug", format: "json", destination }), lines };
}

/**
 * A 64 MiB tmpfs, so filling it takes a small file. Where mounting is refused, a folder on the real disk
 * with a floor set 128 MiB under its current free space: "full" is still reachable, "ok" is not (the
 * warning line, twice the floor, is then past the disk's size), so the level left is "low".
 */
function smallFilesystem(): { dir: string; mounted: boolean } {
  const dir = mkdtempSync(join(tmpdir(), "replayd-fs-"));
  const mount = Bun.spawnSync(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", dir], { stderr: "pipe" });
  if (mount.exitCode === 0) {
    cleanups.push(() => {
      Bun.spawnSync(["umount", dir]);
      rmSync(dir, { recursive: true, force: true });
    });
    return { dir, mounted: true };
  }
  console.warn(`no tmpfs (${mount.stderr.toString().trim()}): using the real disk; "ok" is not asserted`);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, mounted: false };
}

/** The floor: 16 MiB on the 64 MiB tmpfs (warning under 32 MiB); else 128 MiB under the disk's free space. */
async function floorFor(dir: string, mounted: boolean): Promise<FreeSpaceSettings> {
  if (mounted) return { minFreeBytes: 16 * MiB, minFreePercent: 90 };
  return { minFreeBytes: (await diskUsage(dir)).freeBytes - 128 * MiB, minFreePercent: 100 };
}

/** Bytes that take the filesystem under its floor: 56 of the tmpfs's 64 MiB; else 64 MiB past the floor. */
const fillerBytes = (mounted: boolean) => (mounted ? 56 : 192) * MiB;

/** Resolves with the first sample at `level` the monitor announces (listeners are how callers learn). */
function nextLevel(monitor: DiskSpaceMonitor, level: DiskLevel, timeoutMs = 5000) {
  const started = performance.now();
  return new Promise<{ sample: DiskSample; ms: number }>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${level} within ${timeoutMs} ms (now ${monitor.current().level})`));
    }, timeoutMs);
    const off = monitor.subscribe((sample) => {
      if (sample.level !== level) return;
      clearTimeout(timer);
      off();
      resolve({ sample, ms: performance.now() - started });
    });
  });
}

describe("DiskSpaceMonitor on a small real filesystem", () => {
  test("filling the disk goes ok → full within the interval, freeing it goes back to ok", async () => {
    const { dir, mounted } = smallFilesystem();
    const intervalMs = 200;
    const { log, lines } = captureLog();
    const monitor = new DiskSpaceMonitor({
      path: dir,
      settings: await floorFor(dir, mounted),
      intervalMs,
      log,
    });
    monitors.push(monitor);
    const seen: DiskLevel[] = [monitor.current().level];
    monitor.subscribe((sample) => seen.push(sample.level));
    expect(monitor.current().level).toBe(mounted ? "ok" : "low");

    const full = nextLevel(monitor, "full");
    writeFileSync(join(dir, "filler"), Buffer.alloc(fillerBytes(mounted), 1));
    const { sample, ms: msToFull } = await full;
    expect(sample.message).toMatch(
      /free on the data folder's disk, under the .* floor: recordings are paused/,
    );
    // One interval at most, plus what a busy 2-core machine adds to a timer and a statfs.
    expect(msToFull).toBeLessThan(intervalMs + 800);

    const back = nextLevel(monitor, mounted ? "ok" : "low");
    unlinkSync(join(dir, "filler"));
    const { ms: msToOk } = await back;
    expect(msToOk).toBeLessThan(intervalMs + 800);
    console.log(
      `disk monitor: full ${Math.round(msToFull)} ms after the write, back ${Math.round(msToOk)} ms after the delete`,
    );

    // The levels in order, without repeats: ok, (low while the file grew, maybe), full, (low), ok.
    expect(seen[0]).toBe(mounted ? "ok" : "low");
    expect(seen.indexOf("full")).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe(mounted ? "ok" : "low");
    expect(seen.filter((l) => l === "full")).toHaveLength(1);
    // Each change is logged once: a warning when it fills, info when it recovers.
    expect(lines.some((l) => l.level === "warn" && l.msg === sample.message)).toBe(true);
    if (mounted)
      expect(lines.at(-1)).toMatchObject({ level: "info", disk_level: "ok", previous_level: "full" });
  });

  test("check() samples at once (before a recording starts), without waiting for the timer", async () => {
    const { dir, mounted } = smallFilesystem();
    const { log } = captureLog();
    const monitor = new DiskSpaceMonitor({
      path: dir,
      settings: await floorFor(dir, mounted),
      intervalMs: 60_000,
      log,
    });
    monitors.push(monitor);
    const changes: [DiskLevel, DiskLevel][] = [];
    const off = monitor.subscribe((sample, previous) => changes.push([previous.level, sample.level]));

    writeFileSync(join(dir, "filler"), Buffer.alloc(fillerBytes(mounted), 1));
    expect((await monitor.check()).level).toBe("full");
    expect(monitor.current().level).toBe("full");
    // Concurrent checks share one sample.
    const [a, b] = await Promise.all([monitor.check(), monitor.check()]);
    expect(a).toBe(b);

    unlinkSync(join(dir, "filler"));
    expect((await monitor.check()).level).toBe(mounted ? "ok" : "low");
    expect(changes).toEqual([
      [mounted ? "ok" : "low", "full"],
      ["full", mounted ? "ok" : "low"],
    ]);
    off();
    writeFileSync(join(dir, "filler"), Buffer.alloc(fillerBytes(mounted), 1));
    await monitor.check();
    expect(changes).toHaveLength(2);
  });
});

describe("DiskSpaceMonitor failures", () => {
  test("a sample that fails is an unknown level with its reason, logged once, never thrown", async () => {
    const base = mkdtempSync(join(tmpdir(), "replayd-fs-"));
    cleanups.push(() => rmSync(base, { recursive: true, force: true }));
    const holder = join(base, "holder");
    mkdirSync(holder);
    const { log, lines } = captureLog();
    const monitor = new DiskSpaceMonitor({
      path: join(holder, "data"),
      settings: { minFreeBytes: 0, minFreePercent: 0 },
      intervalMs: 50,
      log,
    });
    monitors.push(monitor);
    expect(monitor.current().level).toBe("ok");

    // A file where a folder of the path should be: statfs fails with ENOTDIR on every sample.
    const unknown = nextLevel(monitor, "unknown");
    rmSync(holder, { recursive: true });
    writeFileSync(holder, "in the way");
    const { sample } = await unknown;
    expect(sample.message).toBe("cannot measure free space on the data folder's disk: ENOTDIR (DATA_DIR)");
    expect(sample).toMatchObject({ freeBytes: null, floorBytes: null });
    // Several failing samples later, still one warning line.
    for (let i = 0; i < 3; i++) expect((await monitor.check()).level).toBe("unknown");
    expect(lines.filter((l) => l.level === "warn")).toHaveLength(1);

    const ok = nextLevel(monitor, "ok");
    unlinkSync(holder);
    mkdirSync(holder);
    await ok;
  });

  test("a listener that throws is logged and does not stop the others or the timer", async () => {
    const { dir, mounted } = smallFilesystem();
    const { log, lines } = captureLog();
    const monitor = new DiskSpaceMonitor({
      path: dir,
      settings: await floorFor(dir, mounted),
      intervalMs: 50,
      log,
    });
    monitors.push(monitor);
    monitor.subscribe(() => {
      throw new Error("listener bug");
    });
    const full = nextLevel(monitor, "full");
    writeFileSync(join(dir, "filler"), Buffer.alloc(fillerBytes(mounted), 1));
    await full;
    expect(lines.some((l) => l.msg === "a free-space listener failed")).toBe(true);
    const back = nextLevel(monitor, mounted ? "ok" : "low");
    unlinkSync(join(dir, "filler"));
    await back;
  });

  test("stop() ends sampling", async () => {
    const dir = mkdtempSync(join(tmpdir(), "replayd-fs-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const { log } = captureLog();
    const monitor = new DiskSpaceMonitor({
      path: dir,
      settings: { minFreeBytes: 0, minFreePercent: 0 },
      intervalMs: 20,
      log,
    });
    const first = await monitor.check();
    monitor.stop();
    monitor.stop();
    const last = monitor.current();
    // Ten intervals with nothing sampled: the timer is gone (an absence can only be waited out).
    await Bun.sleep(200);
    expect(monitor.current()).toBe(last);
    expect(last.checkedAt.getTime()).toBeGreaterThanOrEqual(first.checkedAt.getTime());
  });
});
