import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VERSION } from "../../src/version.ts";
import { type ServerProcess, spawnServer } from "../support/server-process.ts";
import { until } from "../support/until.ts";

// The server run from source, in a folder of its own, with ffmpeg pointing nowhere.
const MAIN = join(import.meta.dir, "..", "..", "src", "main.ts");
const replayd = [process.execPath, MAIN];
const started: ServerProcess[] = [];

afterEach(() => {
  for (const server of started.splice(0)) server.proc.kill("SIGKILL");
});

/** A Twitch application's settings, so ffmpeg is the only reason (the values are never sent anywhere). */
const TWITCH_APP = { TWITCH_CLIENT_ID: "e2e-client-id", TWITCH_CLIENT_SECRET: "e2e-client-secret" };
const WARNING = "ffmpeg not found at /nonexistent (FFMPEG_PATH): recordings cannot start";

describe("health that tells the truth", () => {
  test("FFMPEG_PATH=/nonexistent: health is degraded with the reason, and the start-up log warns once", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "replayd-e2e-health-"));
    const spawnedAt = performance.now();
    const server = await spawnServer({
      cmd: replayd,
      cwd,
      env: { PORT: "0", FFMPEG_PATH: "/nonexistent", ...TWITCH_APP },
    });
    started.push(server);
    const msToReady = performance.now() - spawnedAt;

    const res = await fetch(`${server.url}/api/v1/health`);
    const msToHealth = performance.now() - spawnedAt;
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      status: "degraded",
      version: VERSION,
      database: "ok",
      checks: {
        database: { ok: true },
        ffmpeg: { ok: false, message: "ffmpeg not found (FFMPEG_PATH): recordings cannot start" },
        ffprobe: { ok: true },
        data_dir: { ok: true },
        disk: { ok: true },
      },
      reasons: ["ffmpeg not found (FFMPEG_PATH): recordings cannot start"],
    });
    // The public answer names the setting, not the path or the data folder.
    expect(text).not.toContain("/nonexistent");
    expect(text).not.toContain(cwd);

    const line = await until("the ffmpeg warning in the log", async () =>
      server.lines.find((l) => l.includes(WARNING)),
    );
    expect(JSON.parse(line)).toMatchObject({ level: "warn", check: "ffmpeg", msg: WARNING });
    console.log(
      `health e2e: ready ${Math.round(msToReady)} ms after spawn, degraded health ${Math.round(msToHealth)} ms`,
    );

    // Polling does not repeat the warning.
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
    const { code } = await server.stop();
    expect(code).toBe(0);
    expect(server.lines.filter((l) => l.includes(WARNING))).toHaveLength(1);
  });
});
