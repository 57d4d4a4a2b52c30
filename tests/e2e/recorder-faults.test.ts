import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Repository } from "../../src/db/repository.ts";
import { frameLabels, runs } from "../support/frames.ts";
import { decodeErrors } from "../support/media.ts";
import { simulator } from "../support/recorder.ts";
import { recorderWorld } from "../support/recorder-world.ts";
import { until } from "../support/until.ts";

// One recording's child-process failure stays its own: the other recording does not notice, and the
// failed one carries on (or ends with a reason a user can read), never taking the process with it.
const sim = simulator({ warp: 2, seed: 97 });
afterAll(() => sim.stop());
const LIVE = { segment_seconds: 0.5, ladder: ["360p30"], window_segments: 40, bitrate_kbps: 300 };

/** The pids of this process's ffmpeg children (the recorders' remuxers). */
function ffmpegChildren(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (ppid === process.pid && cmd.startsWith("ffmpeg") && cmd.includes("pipe:0"))
        pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

async function contentLabels(repo: Repository, dir: string, videoId: number) {
  const video = await repo.videos.getById(videoId);
  const labels: number[] = [];
  for (const part of video?.parts ?? []) {
    const file = join(dir, "videos", part.filename);
    expect(await decodeErrors(file)).toBe("");
    labels.push(...runs(await frameLabels(file)).map((r) => r.label as number));
  }
  return labels;
}

async function listed(login: string, streamId: string) {
  const res = await fetch(`${sim.url}/sim/channels/${login}/segments?kind=content&stream_id=${streamId}`);
  return ((await res.json()) as { segments: { sequence: number; listed: boolean }[] }).segments
    .filter((s) => s.listed)
    .map((s) => s.sequence);
}

describe("faults stay local", () => {
  test("one recording's ffmpeg killed: it continues with a new one, nothing lost or repeated; the other is untouched", async () => {
    const { dir, repo, recorder, watch } = await recorderWorld(sim.url, { maxConcurrent: 2 });
    const a = await watch("kitchen_lab");
    const b = await watch("speedrun_sam");
    const live = async (login: string) =>
      ((await sim.control(`/channels/${login}/live`, LIVE)) as { session: { stream_id: string } }).session
        .stream_id;
    const streamA = await live("kitchen_lab");
    const first = await recorder.start({
      broadcaster: a,
      quality: "source",
      recordingType: "video",
      forceH264: false,
    });
    const [victim] = await until("kitchen_lab's ffmpeg", async () => {
      const pids = ffmpegChildren();
      return pids.length === 1 && pids;
    });
    const streamB = await live("speedrun_sam");
    const second = await recorder.start({
      broadcaster: b,
      quality: "source",
      recordingType: "video",
      forceH264: false,
    });
    await until("speedrun_sam's ffmpeg", async () => ffmpegChildren().length === 2);
    await sim.until("kitchen_lab", 30);
    process.kill(victim as number, "SIGKILL");
    // A new ffmpeg takes kitchen_lab's part on.
    await until("a new ffmpeg", async () => {
      const pids = ffmpegChildren();
      return pids.length === 2 && !pids.includes(victim as number);
    });
    await sim.until("kitchen_lab", 60);
    await sim.control("/channels/kitchen_lab/offline", { end: "endlist" });
    await sim.control("/channels/speedrun_sam/offline", { end: "endlist" });
    await recorder.idle();

    for (const [videoId, login, stream] of [
      [first.videoId, "kitchen_lab", streamA],
      [second.videoId, "speedrun_sam", streamB],
    ] as const) {
      const video = await repo.videos.getById(videoId);
      expect([video?.status, video?.completion_kind, video?.parts.length]).toEqual(["DONE", "complete", 1]);
      const labels = await contentLabels(repo, dir, videoId);
      const pool = Math.max(...labels) + 1;
      expect(labels).toEqual((await listed(login, stream)).map((s) => s % pool));
    }
  }, 90_000);

  test("ffmpeg missing at the start: the recording is refused with a reason that names the setting", async () => {
    const { recorder, watch, close } = await recorderWorld(sim.url, { ffmpegPath: "/nonexistent/ffmpeg" });
    try {
      const channel = await watch("code_garden");
      const start = recorder.start({
        broadcaster: channel,
        quality: "source",
        recordingType: "video",
        forceH264: false,
      });
      await expect(start).rejects.toThrow(
        /not recording code_garden: ffmpeg not found at \/nonexistent\/ffmpeg \(FFMPEG_PATH\)/,
      );
      expect(recorder.isRecording(channel.id)).toBe(false);
    } finally {
      await close();
    }
  }, 30_000);

  test("ffmpeg gone once the recording runs: it fails with a reason that names the setting; the service goes on", async () => {
    // ffmpeg through a link that is removed after the start (the start's check passed), before the stream is up.
    const link = join(mkdtempSync(join(tmpdir(), "replayd-ffmpeg-")), "ffmpeg");
    symlinkSync(Bun.which("ffmpeg") ?? "/usr/bin/ffmpeg", link);
    const { repo, recorder, watch, close } = await recorderWorld(sim.url, { ffmpegPath: link });
    try {
      const channel = await watch("retro_arena");
      const started = await recorder.start({
        broadcaster: channel,
        quality: "source",
        recordingType: "video",
        forceH264: false,
      });
      rmSync(link);
      await sim.control("/channels/retro_arena/live", LIVE);
      await recorder.idle();
      const video = await repo.videos.getById(started.videoId);
      expect(video?.status).toBe("FAILED");
      expect(video?.error).toMatch(/cannot run ffmpeg at ".*ffmpeg" \(FFMPEG_PATH\)/);
      expect(recorder.isRecording(channel.id)).toBe(false);
      // Nothing left for the garbage collector to close (Bun fails the process when it must close a file).
      Bun.gc(true);
      await Bun.sleep(0);
      Bun.gc(true);
      await sim.control("/channels/retro_arena/offline", { end: "endlist" });
    } finally {
      await close();
    }
  }, 30_000);
});
