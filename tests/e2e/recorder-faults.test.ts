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

// Recordings need no program of their own: two at once run no child process, and an ffmpeg that goes away
// costs only the stills. A missing ffmpeg at the start is still refused with a reason (stills, waveforms and
// the ffprobe check need it).
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
  test("two recordings at once run no program per recording: each is written in process, whole and in order", async () => {
    const { dir, repo, recorder, watch } = await recorderWorld(sim.url, { maxConcurrent: 2 });
    const a = await watch("kitchen_lab");
    const b = await watch("speedrun_sam");
    const live = async (login: string) =>
      ((await sim.control(`/channels/${login}/live`, LIVE)) as { session: { stream_id: string } }).session
        .stream_id;
    const streamA = await live("kitchen_lab");
    const streamB = await live("speedrun_sam");
    const first = await recorder.start({
      broadcaster: a,
      quality: "source",
      recordingType: "video",
      forceH264: false,
    });
    const second = await recorder.start({
      broadcaster: b,
      quality: "source",
      recordingType: "video",
      forceH264: false,
    });
    await sim.until("kitchen_lab", 30);
    // Both are recording; not one ffmpeg is running for them.
    await until("both recording", async () => {
      const active = recorder.activeProgress();
      return active.length === 2 && active.every((a) => (a.progress?.segments ?? 0) >= 4);
    });
    expect(ffmpegChildren()).toEqual([]);
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

  test("ffmpeg gone once the recording runs: the broadcast is recorded whole all the same, without stills; the service goes on", async () => {
    // ffmpeg through a link that is removed after the start (the start's check passed), before the stream is up.
    const link = join(mkdtempSync(join(tmpdir(), "replayd-ffmpeg-")), "ffmpeg");
    symlinkSync(Bun.which("ffmpeg") ?? "/usr/bin/ffmpeg", link);
    const { dir, repo, recorder, watch, close } = await recorderWorld(sim.url, { ffmpegPath: link });
    try {
      const channel = await watch("retro_arena");
      const started = await recorder.start({
        broadcaster: channel,
        quality: "source",
        recordingType: "video",
        forceH264: false,
      });
      rmSync(link);
      const stream = (
        (await sim.control("/channels/retro_arena/live", LIVE)) as { session: { stream_id: string } }
      ).session.stream_id;
      await sim.until("retro_arena", 20);
      await sim.control("/channels/retro_arena/offline", { end: "endlist" });
      await recorder.idle();
      const video = await repo.videos.getById(started.videoId);
      expect([video?.status, video?.completion_kind]).toEqual(["DONE", "complete"]);
      expect(video?.parts[0]?.thumbnail ?? null).toBeNull();
      const labels = await contentLabels(repo, dir, started.videoId);
      const pool = Math.max(...labels) + 1;
      expect(labels).toEqual((await listed("retro_arena", stream)).map((s) => s % pool));
      expect(recorder.isRecording(channel.id)).toBe(false);
      // Nothing left for the garbage collector to close (Bun fails the process when it must close a file).
      Bun.gc(true);
      await Bun.sleep(0);
      Bun.gc(true);
    } finally {
      await close();
    }
  }, 30_000);
});
