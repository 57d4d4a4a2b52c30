import { afterEach, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DatabaseHandle, openDatabase } from "../db/connection.ts";
import { createLogger } from "../log/logger.ts";
import { DiskSpaceMonitor } from "./disk-space-monitor.ts";
import { HealthChecks, type HealthChecksDeps } from "./health-checks.ts";

const quiet = createLogger({ level: "fatal", format: "json" });
const undo: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const u of undo.splice(0).reverse()) await u();
});

/** A data folder with a real SQLite database in it and a monitor on its disk. */
async function world(overrides: Partial<HealthChecksDeps> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "replayd-health-"));
  const db: DatabaseHandle = await openDatabase(`sqlite:${join(dataDir, "replayd.db")}`);
  const disk = new DiskSpaceMonitor({
    path: dataDir,
    settings: { minFreeBytes: 2 * 2 ** 30, minFreePercent: 5 },
    log: quiet,
  });
  undo.push(() => disk.stop());
  let closed = false;
  undo.push(async () => {
    if (!closed) await db.close();
  });
  const health = new HealthChecks({
    version: "9.9.9",
    ffmpegPath: "ffmpeg",
    ffprobePath: "ffprobe",
    dataDir,
    disk,
    pingDatabase: () => db.ping(),
    ...overrides,
  });
  return {
    dataDir,
    health,
    async closeDatabase() {
      closed = true;
      await db.close();
    },
  };
}

/** An ffmpeg stand-in that answers like ffmpeg and counts its runs in a file beside it. */
function countingFfmpeg(): { path: string; runs: () => number } {
  const dir = mkdtempSync(join(tmpdir(), "replayd-tool-"));
  const path = join(dir, "ffmpeg");
  const count = join(dir, "runs");
  writeFileSync(count, "");
  writeFileSync(path, `#!/bin/sh\necho run >> '${count}'\necho 'ffmpeg version 9.9-counted'\n`);
  chmodSync(path, 0o755);
  return { path, runs: () => readFileSync(count, "utf8").split("\n").filter(Boolean).length };
}

describe("HealthChecks", () => {
  test("with the installed tools, a writable folder and a database: ok, with the owner's details", async () => {
    const { health, dataDir } = await world();
    const report = await health.report();
    expect(report.status).toBe("ok");
    expect(report.reasons).toEqual([]);
    expect(report.checks.ffmpeg).toMatchObject({ ok: true, path: "ffmpeg", version: expect.any(String) });
    expect(report.checks.ffprobe).toMatchObject({ ok: true, path: "ffprobe" });
    expect(report.checks.data_dir).toEqual({ ok: true, path: dataDir });
    expect(report.checks.disk).toMatchObject({ ok: true, path: dataDir, floor_bytes: expect.any(Number) });
    expect(report.checks.database).toEqual({ ok: true });
  });

  test("FFMPEG_PATH=/nonexistent: degraded, naming the path and the setting", async () => {
    const { health } = await world({ ffmpegPath: "/nonexistent" });
    const report = await health.report();
    expect(report.status).toBe("degraded");
    expect(report.reasons).toEqual([
      "ffmpeg not found at /nonexistent (FFMPEG_PATH): recordings cannot start",
    ]);
    expect(await health.problems()).toEqual([
      { check: "ffmpeg", message: "ffmpeg not found at /nonexistent (FFMPEG_PATH): recordings cannot start" },
    ]);
  });

  test("a database that no longer answers makes it unhealthy; the host checks still report", async () => {
    const { health, closeDatabase } = await world({ ffprobePath: "/nonexistent/ffprobe" });
    await closeDatabase();
    const report = await health.report();
    expect(report.status).toBe("unhealthy");
    expect(report.database).toBe("error");
    expect(report.checks.database).toMatchObject({
      ok: false,
      message: "the database does not answer (DATABASE_URL)",
    });
    expect(report.checks.ffprobe?.ok).toBe(false);
  });

  test("the tools and the write probe run once per cache period; concurrent reports share the run", async () => {
    const tool = countingFfmpeg();
    const { health } = await world({ ffmpegPath: tool.path, cacheMs: 60_000 });
    const reports = await Promise.all([health.report(), health.report(), health.report()]);
    expect(reports.map((r) => r.checks.ffmpeg?.version)).toEqual([
      "9.9-counted",
      "9.9-counted",
      "9.9-counted",
    ]);
    const started = performance.now();
    for (let i = 0; i < 20; i++) await health.report();
    const perReport = (performance.now() - started) / 20;
    expect(tool.runs()).toBe(1);
    // A cached report is a database ping and a look at the monitor: well under a millisecond or two.
    expect(perReport).toBeLessThan(5);
    console.log(`health: ${perReport.toFixed(2)} ms per cached report`);
  });

  test("after the cache period the tools run again, so a fix shows without a restart", async () => {
    const tool = countingFfmpeg();
    const { health } = await world({ ffmpegPath: tool.path, cacheMs: 0 });
    await health.report();
    await health.report();
    expect(tool.runs()).toBe(2);
  });
});
