import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prepareDataFolder } from "../support/data-folder.ts";
import { frameLabels, runs } from "../support/frames.ts";
import { decodeErrors } from "../support/media.ts";
import { simulator } from "../support/recorder.ts";
import { CookieJar, signIn, simUserIds, startReplayd, trpc } from "../support/sign-in.ts";
import { fillDisk, freeBytes, mountSmallDisk, removeFiller } from "../support/small-disk.ts";
import { until } from "../support/until.ts";

// The data folder on a real 96 MiB filesystem, filled up while two channels record: the server stays up,
// the recording that hit the full disk pauses with a reason and continues by itself once space is freed,
// the other one (small writes that still fit) is untouched, and a final status that cannot be written
// while the disk is full is retried until it can.
const sim = simulator({ warp: 1, seed: 93 });
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await sim.stop();
});

interface Progress {
  job_id: string;
  video_id: number;
  stage: string;
  reason: string | null;
  segments_done: number;
}
interface VideoView {
  status: string;
  completion_kind: string;
  parts: { filename: string; finalized_at: string | null }[];
}

/** The simulator's listed content sequences of a channel's current broadcast, as one contiguous range. */
async function broadcastRange(login: string): Promise<number[]> {
  const res = await fetch(`${sim.url}/sim/channels/${login}/segments?kind=content`);
  const listed = ((await res.json()) as { segments: { sequence: number; listed: boolean }[] }).segments
    .filter((s) => s.listed)
    .map((s) => s.sequence);
  const first = Math.min(...listed);
  return Array.from({ length: Math.max(...listed) - first + 1 }, (_, i) => first + i);
}

/** The content segments in a part file, as pool entries (broadcast sequence mod pool size). */
async function labelsOf(file: string): Promise<number[]> {
  expect(await decodeErrors(file)).toBe("");
  const labels = runs(await frameLabels(file));
  expect(labels.filter((r) => r.label === "ad")).toEqual([]);
  return labels.map((r) => r.label as number);
}

describe("a full disk", () => {
  test("pauses the recording that hit it, leaves the other untouched, keeps the server up; both finish once space is back", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "replayd-full-disk-"));
    const dataDir = join(cwd, "data");
    mkdirSync(dataDir);
    const disk = mountSmallDisk(dataDir, 96);
    cleanups.push(() => disk.unmount());
    // No free-space floor here: what is shown is a full disk met by the recording whose next segment does
    // not fit (refused before writing, so the other one's small writes still find room). The stretch lost
    // while paused is a large share of so short a recording: the gap policy (tested on its own) lets it be.
    writeFileSync(
      join(cwd, "config.toml"),
      // The rejoin window must outlast finishing both parts, so the test can catch both waiting in it.
      "[recorder]\nmax_restart_gap_seconds = 12\nmin_free_percent = 0\nmin_free_bytes = 0\nmax_gap_ratio = 0.9\n",
    );
    await prepareDataFolder(sim.url, dataDir, ["kitchen_lab", "speedrun_sam"]);
    const replayd = await startReplayd(sim.url, {}, { cwd });
    const server = replayd.server;
    cleanups.push(() => replayd.stop());
    const jar = new CookieJar();
    await signIn(server.url, jar, "sim_viewer");
    const call = async <T>(path: string, options: { input?: unknown; mutation?: boolean } = {}) => {
      const { body } = await trpc(server.url, path, { jar, ...options });
      if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
      return body.result.data as T;
    };
    const progress = async (jobId: string) =>
      (await call<Progress[]>("video.activeDownloads")).find((p) => p.job_id === jobId) ?? null;
    const ids = await simUserIds(sim.url);

    // kitchen_lab writes 1 MB segments; speedrun_sam a few KB.
    await sim.control("/channels/kitchen_lab/live", {
      segment_seconds: 1,
      ladder: ["360p30"],
      bitrate_kbps: 8000,
      window_segments: 6,
    });
    await sim.control("/channels/speedrun_sam/live", {
      segment_seconds: 0.5,
      ladder: ["360p30"],
      bitrate_kbps: 100,
      window_segments: 60,
    });
    const big = await call<{ job_id: string; video_id: number }>("video.triggerDownload", {
      mutation: true,
      input: { broadcaster_id: ids.kitchen_lab },
    });
    const small = await call<{ job_id: string; video_id: number }>("video.triggerDownload", {
      mutation: true,
      input: { broadcaster_id: ids.speedrun_sam },
    });
    // The first run on a machine renders the simulator's 8 Mbit/s media once (a few seconds of ffmpeg).
    await until(
      "both recording",
      async () => {
        const [b, s] = [await progress(big.job_id), await progress(small.job_id)];
        return (b?.segments_done ?? 0) >= 4 && (s?.segments_done ?? 0) >= 4;
      },
      60_000,
    );

    // Less room than one of kitchen_lab's segments needs (the segment and the margin every segment
    // leaves), plenty for speedrun_sam's.
    const filler = fillDisk(dataDir, 1024 * 1024);
    const paused = await until("kitchen_lab paused", async () => {
      const p = await progress(big.job_id);
      return p?.stage === "paused" && p;
    });
    expect(paused.reason).toMatch(/disk is full/);
    const pausedAtSegment = (await sim.channel("kitchen_lab"))?.session?.current_sequence ?? 0;

    // The server answers, and says why; the other recording goes on as if nothing happened.
    const health = (await (await fetch(`${server.url}/api/v1/health`)).json()) as {
      status: string;
      reasons: string[];
    };
    expect(health.status).toBe("degraded");
    expect(health.reasons.join("\n")).toMatch(/1 recording is paused: the disk is full/);
    const smallBefore = (await progress(small.job_id))?.segments_done ?? 0;
    await until("speedrun_sam keeps recording", async () => {
      const p = await progress(small.job_id);
      return p?.stage === "recording" && p.segments_done >= smallBefore + 8;
    });
    // kitchen_lab's window (6 s) rolls past what it could not record.
    await sim.until("kitchen_lab", pausedAtSegment + 8);
    expect((await progress(big.job_id))?.stage).toBe("paused");

    removeFiller(filler);
    const freedAt = Date.now();
    await until(
      "kitchen_lab recording again",
      async () => (await progress(big.job_id))?.stage === "recording",
      10_000,
    );
    const resumedMs = Date.now() - freedAt;
    console.log(`full disk: space freed → recording again in ${resumedMs} ms (${freeBytes(dataDir)} B free)`);
    const resumedFrom = (await progress(big.job_id))?.segments_done ?? 0;
    await until("kitchen_lab records after the pause", async () => {
      return ((await progress(big.job_id))?.segments_done ?? 0) >= resumedFrom + 4;
    });

    // Both streams end; their parts are finished during the rejoin window. The disk is then filled to the
    // last byte, so the final statuses (database writes) fail and are retried until space is back.
    await sim.control("/channels/kitchen_lab/offline", { end: "endlist" });
    await sim.control("/channels/speedrun_sam/offline", { end: "endlist" });
    const video = (id: number) => call<VideoView>("video.getById", { input: { id } });
    await until(
      "both parts finished",
      async () =>
        (await video(big.video_id)).parts.every((p) => p.finalized_at) &&
        (await video(small.video_id)).parts.every((p) => p.finalized_at) &&
        ((await progress(big.job_id))?.stage ?? "") === "rejoin-wait" &&
        ((await progress(small.job_id))?.stage ?? "") === "rejoin-wait",
    );
    const full = fillDisk(dataDir, 0);
    await until(
      "a final status retried",
      async () => server.lines.some((l) => l.includes("final status could not be saved; retrying")),
      30_000,
    );
    expect((await video(big.video_id)).status).toBe("RUNNING");
    removeFiller(full);
    await until(
      "both DONE",
      async () =>
        (await video(big.video_id)).status === "DONE" && (await video(small.video_id)).status === "DONE",
    );
    expect(server.proc.exitCode).toBeNull();

    // speedrun_sam: every content segment exactly once.
    const smallView = await video(small.video_id);
    expect(smallView.parts).toHaveLength(1);
    const smallLabels = await labelsOf(join(dataDir, "videos", smallView.parts[0]?.filename ?? "none"));
    const smallPool = Math.max(...smallLabels) + 1;
    expect(smallLabels).toEqual((await broadcastRange("speedrun_sam")).map((s) => s % smallPool));

    // kitchen_lab: what came before the pause and what came after, in order, nothing twice; the stretch
    // lost while paused is a marker with its reason.
    const bigView = await video(big.video_id);
    const labels: number[] = [];
    for (const part of bigView.parts)
      labels.push(...(await labelsOf(join(dataDir, "videos", part.filename))));
    const pool = Math.max(...labels) + 1;
    const expected = (await broadcastRange("kitchen_lab")).map((s) => s % pool);
    let kept = 0;
    while (kept < labels.length && labels[kept] === expected[kept]) kept++;
    const rest = labels.slice(kept);
    expect(kept).toBeGreaterThan(3);
    expect(rest.length).toBeGreaterThan(3);
    expect(rest).toEqual(expected.slice(expected.length - rest.length));
    expect(expected.length - rest.length).toBeGreaterThan(kept);
    const gaps = await call<{ reason: string | null; duration_seconds: number }[]>("video.gaps", {
      input: { video_id: big.video_id },
    });
    expect(gaps.map((g) => g.reason)).toContain("disk_full");
  }, 180_000);
});

describe("the free-space floor", () => {
  test("under it, recordings pause before the disk is full and a new one is refused; above it again, they go on", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "replayd-floor-"));
    const dataDir = join(cwd, "data");
    mkdirSync(dataDir);
    const disk = mountSmallDisk(dataDir, 64);
    cleanups.push(() => disk.unmount());
    // The default floor: the smaller of 2 GiB and 5 % of the disk (3.2 MiB here).
    writeFileSync(join(cwd, "config.toml"), "[recorder]\nmax_restart_gap_seconds = 2\n");
    await prepareDataFolder(sim.url, dataDir, ["night_owl_music", "retro_arena"]);
    const replayd = await startReplayd(sim.url, {}, { cwd });
    cleanups.push(() => replayd.stop());
    const jar = new CookieJar();
    await signIn(replayd.url, jar, "sim_viewer");
    const call = async (path: string, options: { input?: unknown; mutation?: boolean } = {}) =>
      (await trpc(replayd.url, path, { jar, ...options })).body;
    const ids = await simUserIds(sim.url);
    const LIVE = { segment_seconds: 0.5, ladder: ["360p30"], bitrate_kbps: 300, window_segments: 60 };
    await sim.control("/channels/night_owl_music/live", LIVE);
    const started = (await call("video.triggerDownload", {
      mutation: true,
      input: { broadcaster_id: ids.night_owl_music },
    })) as { result: { data: { job_id: string; video_id: number } } };
    const jobId = started.result.data.job_id;
    const progress = async () =>
      ((await call("video.activeDownloads")) as { result: { data: Progress[] } }).result.data.find(
        (p) => p.job_id === jobId,
      );
    await until("recording", async () => ((await progress())?.segments_done ?? 0) >= 4, 60_000);

    // 2 MiB left: room enough to write, but under the floor.
    const filler = fillDisk(dataDir, 2 * 1024 * 1024);
    const paused = await until("paused by the floor", async () => {
      const p = await progress();
      return p?.stage === "paused" && p;
    });
    expect(paused.reason).toMatch(/under the .* floor/);
    await sim.control("/channels/retro_arena/live", LIVE);
    const refused = (await call("video.triggerDownload", {
      mutation: true,
      input: { broadcaster_id: ids.retro_arena },
    })) as { error?: { message: string; data?: { code: string } } };
    expect(refused.error?.data?.code).toBe("CONFLICT");
    expect(refused.error?.message).toMatch(/not recording retro_arena: .*floor/);

    removeFiller(filler);
    const freedAt = Date.now();
    await until("recording again", async () => (await progress())?.stage === "recording", 10_000);
    console.log(`free-space floor: space freed → recording again in ${Date.now() - freedAt} ms`);
    await sim.control("/channels/night_owl_music/offline", { end: "endlist" });
    await sim.control("/channels/retro_arena/offline", { end: "endlist" });
    await until("the recording done", async () => {
      const video = (await call("video.getById", { input: { id: started.result.data.video_id } })) as {
        result: { data: { status: string } };
      };
      return video.result.data.status === "DONE";
    });
  }, 120_000);
});
