import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../db/connection.ts";
import { createLogger } from "../../log/logger.ts";
import { DiskSpaceMonitor } from "../../system/disk-space-monitor.ts";
import { HealthChecks } from "../../system/health-checks.ts";
import type { PublicHealth } from "../../system/health-report.ts";
import type { ApiDeps } from "../../trpc/context.ts";
import { VERSION } from "../../version.ts";
import { createHttpApp } from "../app.ts";

const quiet = createLogger({ level: "fatal", format: "json" });
const undo: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const u of undo.splice(0).reverse()) await u();
});

/** The HTTP app over real host checks: the tools named, a real data folder, a real SQLite database. */
async function appWith(options: { ffmpegPath?: string; ffprobePath?: string; minFreeBytes?: number } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "replayd-health-route-"));
  const db = await openDatabase(`sqlite:${join(dataDir, "replayd.db")}`);
  const disk = new DiskSpaceMonitor({
    path: dataDir,
    settings: { minFreeBytes: options.minFreeBytes ?? 2 * 2 ** 30, minFreePercent: 100 },
    log: quiet,
  });
  let open = true;
  undo.push(async () => {
    disk.stop();
    if (open) await db.close();
  });
  const health = new HealthChecks({
    version: VERSION,
    ffmpegPath: options.ffmpegPath ?? "ffmpeg",
    ffprobePath: options.ffprobePath ?? "ffprobe",
    dataDir,
    disk,
    pingDatabase: () => db.ping(),
  });
  const app = createHttpApp({
    log: quiet,
    dashboard: {},
    pingDatabase: () => db.ping(),
    health,
    api: {} as ApiDeps,
  });
  return {
    dataDir,
    get: () => app.request("/api/v1/health"),
    async closeDatabase() {
      open = false;
      await db.close();
    },
  };
}

describe("GET /api/v1/health", () => {
  test("all checks pass: 200 ok, each check listed, no reasons", async () => {
    const res = await (await appWith()).get();
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const body = await res.json();
    expect(body).toMatchObject({
      status: "ok",
      version: VERSION,
      database: "ok",
      reasons: [],
      checks: {
        database: { ok: true },
        ffmpeg: { ok: true },
        ffprobe: { ok: true },
        data_dir: { ok: true },
        disk: { ok: true, level: "ok" },
      },
    });
  });

  test("ffmpeg missing: 200 degraded with the reason, and no path in the public answer", async () => {
    const { get, dataDir } = await appWith({ ffmpegPath: "/nonexistent" });
    const res = await get();
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      status: "degraded",
      database: "ok",
      checks: { ffmpeg: { ok: false, message: "ffmpeg not found (FFMPEG_PATH): recordings cannot start" } },
      reasons: ["ffmpeg not found (FFMPEG_PATH): recordings cannot start"],
    });
    expect(text).not.toContain("/nonexistent");
    expect(text).not.toContain(dataDir);
  });

  test("a disk under the floor: degraded, saying how much is free and that recordings pause", async () => {
    // A floor far above any real disk's free space (the guard's smaller-of-two rule: percent set to 100).
    const res = await (await appWith({ minFreeBytes: 2 ** 50 })).get();
    expect(res.status).toBe(200);
    const body = (await res.json()) as PublicHealth;
    expect(body.status).toBe("degraded");
    expect(body.checks.disk).toMatchObject({ ok: false, level: "full" });
    expect(body.reasons[0] ?? "").toMatch(
      /^\d+(\.\d)? [KMGT]?i?B free on the data folder's disk, under the .* floor: recordings are paused until space is freed/,
    );
  });

  test("the database gone: 503 unhealthy, as before", async () => {
    const world = await appWith();
    await world.closeDatabase();
    const res = await world.get();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "unhealthy", database: "error" });
  });
});
