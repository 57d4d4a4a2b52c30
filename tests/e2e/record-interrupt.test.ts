import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/connection.ts";
import { createRepository } from "../../src/db/repository.ts";
import { simulator } from "../support/recorder.ts";
import { until } from "../support/until.ts";

// Ctrl-C in a terminal signals the whole foreground process group, ffmpeg included. The recording must
// stay resumable (not fail), and the next run finishes it.
const MAIN = join(import.meta.dir, "..", "..", "src", "main.ts");
const sim = simulator({ warp: 1, seed: 81 });
afterAll(() => sim.stop());

/**
 * A folder for `replayd record` (a short rejoin window), a channel live, and `replayd record <login>` started
 * under setsid: replayd leads its own process group, as a shell's foreground job does, so Ctrl-C (SIGINT
 * to the group) reaches its ffmpeg too.
 */
async function recordInTerminal(prefix: string, login: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const config = join(dir, "config.toml");
  writeFileSync(config, "[recorder]\nmax_restart_gap_seconds = 1\n");
  const env = {
    PATH: process.env.PATH ?? "",
    DATA_DIR: join(dir, "data"),
    CONFIG_FILE: config,
    TWITCH_SIMULATOR_URL: sim.url,
    LOG_FORMAT: "json",
  };
  await sim.control(`/channels/${login}/live`, {
    segment_seconds: 0.5,
    ladder: ["360p30"],
    bitrate_kbps: 400,
  });
  const first = Bun.spawn(["setsid", process.execPath, MAIN, "record", login], {
    cwd: dir,
    env,
    stdout: "ignore",
    stderr: "ignore",
  });
  return { dir, env, first };
}

describe("replayd record and Ctrl-C", () => {
  test("SIGINT to the process group leaves the recording running-resumable; the next run finishes it", async () => {
    const { dir, env, first } = await recordInTerminal("replayd-sigint-", "kitchen_lab");
    const scratch = join(dir, "data", "scratch");
    const deadline = Date.now() + 20_000;
    const fed = () =>
      existsSync(scratch) && readdirSync(scratch).some((job) => existsSync(join(scratch, job, "fed.jsonl")));
    while (!fed() && Date.now() < deadline) await Bun.sleep(50);
    expect(fed()).toBe(true);
    await Bun.sleep(1500); // a few more segments into ffmpeg
    process.kill(-first.pid, "SIGINT");
    expect(await first.exited).toBe(0);

    const db = await openDatabase(`sqlite:${join(dir, "data", "replayd.db")}`);
    const repo = createRepository(db);
    try {
      const [video] = (await repo.videos.listPage({ viewer_id: null, limit: 5 })).items;
      expect(video?.status).toBe("RUNNING");

      const second = Bun.spawn([process.execPath, MAIN, "record"], {
        cwd: dir,
        env,
        stdout: "ignore",
        stderr: Bun.file("/tmp/second.err"),
      });
      await Bun.sleep(1000);
      await sim.control("/channels/kitchen_lab/offline", { end: "endlist" });
      expect(await second.exited).toBe(0);
      const done = await repo.videos.getById(video?.id as number);
      expect([done?.status, done?.completion_kind]).toEqual(["DONE", "complete"]);
      expect(done?.parts.length).toBe(1);
      expect(done?.duration_seconds ?? 0).toBeGreaterThan(1);
    } finally {
      await db.close();
    }
  }, 60_000);

  test("Ctrl-C, then the channel stays offline: the next run finishes the part it left, nothing is dropped", async () => {
    const { dir, env, first } = await recordInTerminal("replayd-sigint-offline-", "night_owl_music");
    const videos = join(dir, "data", "videos");
    // Stopped once the part file holds media (the case where nothing is left in scratch to feed again).
    await until("media in the part file", async () => {
      const names = existsSync(videos) ? readdirSync(videos) : [];
      return names.some((n) => n.endsWith(".mp4") && Bun.file(join(videos, n)).size > 100_000);
    });
    const db = await openDatabase(`sqlite:${join(dir, "data", "replayd.db")}`);
    const repo = createRepository(db);
    try {
      process.kill(-first.pid, "SIGINT");
      expect(await first.exited).toBe(0);
      await sim.control("/channels/night_owl_music/offline", { end: "404" });

      const second = Bun.spawn([process.execPath, MAIN, "record"], {
        cwd: dir,
        env,
        stdout: "ignore",
        stderr: "ignore",
      });
      expect(await second.exited).toBe(0);
      const [video] = (await repo.videos.listPage({ viewer_id: null, limit: 5 })).items;
      const done = await repo.videos.getById(video?.id as number);
      expect(done?.status).toBe("DONE");
      expect(done?.parts.length).toBe(1);
      expect(done?.duration_seconds ?? 0).toBeGreaterThan(1);
      const file = join(dir, "data", "videos", done?.parts[0]?.filename ?? "none");
      expect(Bun.file(file).size).toBeGreaterThan(100_000);
    } finally {
      await db.close();
    }
  }, 60_000);
});
