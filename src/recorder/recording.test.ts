import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeClock } from "../../tests/fakes/clock.ts";
import { FakeJournal } from "../../tests/fakes/journal.ts";
import { FakeProcessRunner, fakeFfmpeg, fakeFfprobe } from "../../tests/fakes/processes.ts";
import { strict } from "../../tests/fakes/strict.ts";
import { FakeTwitch } from "../../tests/fakes/twitch.ts";
import { createLogger } from "../log/logger.ts";
import type { RecorderMetrics, SegmentFetchOutcome } from "./recorder-metrics.ts";
import { CANCEL, Recording, type RecordingDeps, type RecordingOutcome } from "./recording.ts";
import { freshState } from "./resume-state.ts";
import { DEFAULT_SETTINGS, type RecorderSettings } from "./settings.ts";
import type { SpaceGuard } from "./space-guard.ts";

// The recording loop on a fake clock, with a fake Twitch (real TS segments) and a fake ffmpeg (stills): the
// rules measured in seconds or minutes (the rejoin window, a frozen playlist, the stall watchdog, pauses for
// disk space) are checked in milliseconds. Files are real, on a RAM disk when there is one.

const quiet = createLogger({ level: "fatal", format: "json" });
const base = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Storage as the recorder uses it (S3-like: parts are made in scratch and handed over when finished). */
function fakeStorage() {
  const stored = new Map<string, number>();
  const storage = strict<RecordingDeps["storage"]>("storage", {
    localPath: () => null,
    putFile: async (key, path) => void stored.set(key, Bun.file(path).size),
    size: async (key) => stored.get(key) ?? null,
    delete: async (key) => void stored.delete(key),
  });
  return { storage, stored };
}

function world(
  options: {
    settings?: Partial<RecorderSettings>;
    space?: SpaceGuard;
    ffmpeg?: boolean;
    metrics?: RecorderMetrics;
  } = {},
) {
  const clock = new FakeClock();
  const twitch = new FakeTwitch(clock);
  const journal = new FakeJournal(clock);
  const processes = new FakeProcessRunner({
    ...(options.ffmpeg === false ? {} : { ffmpeg: fakeFfmpeg }),
    ffprobe: fakeFfprobe,
  });
  const { storage, stored } = fakeStorage();
  const root = mkdtempSync(join(base, "replayd-recording-"));
  folders.push(root);
  const recording = new Recording(
    {
      jobId: "job-1",
      login: "kitchen_lab",
      baseName: "test-kitchen_lab",
      quality: "source",
      forceH264: false,
      state: freshState(),
    },
    {
      playback: twitch.playback,
      imagesOrigin: "https://images.test",
      storage,
      scratchRoot: join(root, "scratch"),
      ffmpegPath: "ffmpeg",
      ffprobePath: "ffprobe",
      log: quiet,
      journal,
      // The stall watchdog is tested on its own: elsewhere a slow file write must not pass for a stall.
      settings: { ...DEFAULT_SETTINGS, snapshotIntervalSeconds: 0, stallSeconds: 3600, ...options.settings },
      space: options.space,
      fetch: twitch.fetch,
      clock,
      processes,
      metrics: options.metrics,
    },
  );
  const controller = new AbortController();
  let outcome: RecordingOutcome | null = null;
  const done = recording.run(controller.signal).then((o) => {
    outcome = o;
    return o;
  });
  const fed = () => journal.last?.segments ?? 0;
  return {
    clock,
    twitch,
    journal,
    processes,
    stored,
    recording,
    controller,
    done,
    fed,
    outcome: () => outcome,
    /** Runs the clock until the recording has fed `n` segments to ffmpeg in its current part. */
    untilFed: (n: number) => clock.runUntil(() => fed() >= n),
    /** Runs the clock until the recording ends. */
    untilDone: async () => {
      await clock.runUntil(() => outcome !== null);
      return done;
    },
  };
}

describe("a recording on a fake clock", () => {
  test("records the broadcast into one part, playable at its end, and is done when the rejoin window closes, to the millisecond", async () => {
    const w = world();
    w.twitch.goLive();
    await w.untilFed(5);
    w.twitch.stop({ endList: true });
    const outcome = await w.untilDone();

    expect(outcome.kind).toBe("finished");
    const [part] = outcome.state.parts;
    expect(part).toMatchObject({ index: 1, finished: true, duration_seconds: w.twitch.made * 2 });
    expect(w.stored.get(part?.key ?? "")).toBeGreaterThan(0);
    // The end is when the playlist last brought something new; the part is stored right after.
    const endedAt = outcome.state.ended_at as number;
    expect(w.journal.finished[0]?.at).toBeLessThan(endedAt + 5_000);
    // Done when the 120 s window has closed: not before, and at the next check (10 ms after).
    expect(w.clock.now() - endedAt).toBeGreaterThanOrEqual(120_000);
    expect(w.clock.now() - endedAt).toBeLessThanOrEqual(120_010);
    expect(w.journal.reports.some((r) => r.stage === "rejoin-wait")).toBe(true);
  });

  test("a comeback within the rejoin window is a second part of the same recording", async () => {
    const w = world();
    w.twitch.goLive("b1");
    await w.untilFed(3);
    w.twitch.stop({ endList: true });
    await w.clock.runUntil(() => w.journal.finished.length === 1);
    await w.clock.advance(60_000);
    w.twitch.goLive("b2");
    await w.clock.runUntil(() => w.journal.opened.length === 2 && w.fed() >= 2);
    w.twitch.stop({ endList: true });
    const outcome = await w.untilDone();
    expect(outcome.kind).toBe("finished");
    expect(outcome.state.parts.map((p) => p.finished)).toEqual([true, true]);
  });

  test("every segment is placed on the video's timeline as it is recorded: end to end across parts, with its broadcast time", async () => {
    const w = world();
    w.twitch.goLive("b1");
    await w.untilFed(3);
    w.twitch.stop({ endList: true });
    await w.clock.runUntil(() => w.journal.finished.length === 1);
    await w.clock.advance(60_000);
    w.twitch.goLive("b2");
    await w.clock.runUntil(() => w.journal.opened.length === 2 && w.fed() >= 2);
    w.twitch.stop({ endList: true });
    const outcome = await w.untilDone();
    const placed = w.journal.placements;
    const total = outcome.state.parts.reduce((sum, p) => sum + p.duration_seconds, 0);
    expect(placed.every((p) => p.recorded)).toBe(true);
    expect(placed.reduce((sum, p) => sum + p.seconds, 0)).toBeCloseTo(total, 3);
    // Contiguous: each starts where the one before ended, the second part's first where the first part ended.
    for (const [i, p] of placed.entries()) {
      const before = placed[i - 1];
      if (!before) continue;
      expect(p.atSeconds).toBeCloseTo(before.atSeconds + before.seconds, 3);
      expect(p.broadcastAtMs).toBeGreaterThan(before.broadcastAtMs);
    }
    // Between the broadcasts a minute passed that the video does not hold: the times jump, the timeline not.
    const first = outcome.state.parts[0]?.duration_seconds ?? 0;
    const at = placed.findIndex((p) => p.atSeconds >= first - 0.001);
    expect(at).toBeGreaterThan(0);
    expect((placed[at]?.broadcastAtMs ?? 0) - (placed[at - 1]?.broadcastAtMs ?? 0)).toBeGreaterThan(60_000);
  });

  test("each content segment's fetch and each playlist reload is reported to the metrics port, timed on the recording's clock", async () => {
    const fetched: [number, SegmentFetchOutcome][] = [];
    const reloads: number[] = [];
    const w = world({
      metrics: {
        segmentFetched: (ms, outcome) => fetched.push([ms, outcome]),
        playlistReloaded: (lagMs) => reloads.push(lagMs),
      },
    });
    w.twitch.goLive();
    await w.untilFed(4);
    w.twitch.stop({ endList: true });
    await w.untilDone();
    const recorded = w.journal.placements.filter((p) => p.recorded).length;
    expect(recorded).toBeGreaterThanOrEqual(4);
    expect(fetched.filter(([, o]) => o === "ok")).toHaveLength(recorded);
    for (const [ms] of fetched) expect(ms).toBeGreaterThanOrEqual(0);
    expect(reloads.length).toBeGreaterThanOrEqual(2);
    for (const lag of reloads) expect(lag).toBeGreaterThanOrEqual(0);
  });

  test("a playlist that stops moving without ENDLIST ends the part 30 s after its last new segment (4 s once the channel is known offline)", async () => {
    for (const offline of [false, true]) {
      const w = world();
      w.twitch.goLive();
      await w.untilFed(3);
      w.twitch.stop();
      if (offline) w.recording.channelOffline();
      await w.clock.runUntil(() => (w.journal.lastCheckpoint?.ended_at ?? null) !== null);
      const frozen = offline ? 4_000 : 30_000;
      // ended_at is when the playlist last brought something new; the part was finished when it froze.
      const lastFresh = w.journal.lastCheckpoint?.ended_at as number;
      const endedAfter = (w.journal.finished[0]?.at as number) - lastFresh;
      expect(endedAfter).toBeGreaterThan(frozen);
      // Within one reload (a segment's length) of the rule.
      expect(endedAfter).toBeLessThanOrEqual(frozen + 2_000);
      w.controller.abort(CANCEL);
      await w.untilDone();
    }
  });

  test("segments that stop arriving fail the recording after stall_seconds, not before", async () => {
    const w = world({ settings: { stallSeconds: 20 } });
    w.twitch.goLive();
    await w.untilFed(2);
    w.twitch.hangSegments();
    const hungAt = w.clock.now();
    const outcome = await w.untilDone();
    expect(outcome).toMatchObject({ kind: "failed", error: "no progress for 20 s" });
    // 20 s after the last segment handed over (taken at most one segment before the hang).
    expect(w.clock.now() - hungAt).toBeGreaterThan(18_000);
    expect(w.clock.now() - hungAt).toBeLessThanOrEqual(21_000);
    // What it recorded is kept.
    expect(outcome.state.parts[0]?.finished).toBe(true);
  });

  test("a stream that never appears fails after start_timeout_seconds, having asked often at first", async () => {
    const w = world();
    const outcome = await w.untilDone();
    expect(outcome).toMatchObject({ kind: "failed", error: "kitchen_lab did not go live" });
    expect(w.clock.monotonic()).toBeGreaterThan(90_000);
    expect(w.clock.monotonic()).toBeLessThanOrEqual(95_000);
    expect(w.journal.reports.every((r) => r.stage === "waiting")).toBe(true);
    const gaps = w.twitch.asked.slice(1).map((at, i) => at - (w.twitch.asked[i] as number));
    expect(gaps.slice(0, 6)).toEqual([250, 500, 1_000, 2_000, 4_000, 5_000]);
    expect(new Set(gaps.slice(5))).toEqual(new Set([5_000]));
  });

  /** A recording paused for disk space 30 s (longer than Twitch's 12-second window), then the stream's end. */
  async function pausedThirtySeconds(settings: Partial<RecorderSettings>) {
    let blocked: string | null = null;
    const listeners = new Set<() => void>();
    const space: SpaceGuard = {
      blocked: () => blocked,
      onChange: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    const w = world({ space, settings });
    w.twitch.goLive();
    await w.untilFed(4);
    blocked = "free space is under the floor (2 GiB)";
    for (const listener of listeners) listener();
    await w.clock.runUntil(() => w.journal.last?.stage === "paused");
    expect(w.journal.last?.reason).toBe("free space is under the floor (2 GiB)");
    expect(w.processes.of("ffmpeg").every((p) => !p.running)).toBe(true);
    // Paused for 30 s, longer than Twitch's 12-second window: the recording checks every second.
    await w.clock.advance(30_000);
    expect(w.journal.last?.stage).toBe("paused");
    expect(w.clock.waits()).toContain(1_000);
    blocked = null;
    const backAt = w.clock.now();
    await w.clock.runUntil(() => w.journal.last?.stage === "recording");
    expect(w.clock.now() - backAt).toBeLessThanOrEqual(1_000);
    w.twitch.stop({ endList: true });
    const endedAt = w.clock.now();
    const outcome = await w.untilDone();
    return { outcome, waitedMs: w.clock.now() - endedAt };
  }

  test("under the free-space floor it pauses with the reason, checks every second, and goes on once space is back, the lost stretch a disk_full gap", async () => {
    const { outcome } = await pausedThirtySeconds({ gapPolicy: { maxGapRatio: 0.9, strict: false } });
    expect(outcome.kind).toBe("finished");
    expect(outcome.state.gaps.map((g) => g.reason)).toEqual(["disk_full"]);
    expect(outcome.state.parts).toHaveLength(1);
  });

  test("a stretch lost above the gap limit: recorded to the end all the same, then failed with the share lost", async () => {
    const { outcome, waitedMs } = await pausedThirtySeconds({});
    expect(outcome.kind).toBe("failed");
    if (outcome.kind !== "failed") return;
    expect(outcome.error).toMatch(
      /^\d+(\.\d+)?% of segments lost \(\d+ of \d+\), above the 1% limit \(RECORDER_MAX_GAP_RATIO\)$/,
    );
    // Judged when the recording is over: after the rejoin window, like a recording that is done.
    expect(waitedMs).toBeGreaterThanOrEqual(DEFAULT_SETTINGS.maxRestartGapSeconds * 1000);
    expect(outcome.state.gaps.map((g) => g.reason)).toEqual(["disk_full"]);
    expect(outcome.state.parts.filter((p) => p.finished)).toHaveLength(1);
  });

  test("no program runs for the recording itself: each segment is in the part file as it is taken", async () => {
    const w = world();
    w.twitch.goLive();
    for (let n = 1; n <= 4; n++) {
      await w.untilFed(n);
      // Watchable at every moment: the file holds every segment taken, to the frame.
      expect(w.journal.last?.mediaSeconds).toBe(n * 2);
    }
    expect(w.processes.of("ffmpeg")).toEqual([]);
    w.twitch.stop({ endList: true });
    const outcome = await w.untilDone();
    expect(outcome.kind).toBe("finished");
    expect(outcome.state.parts[0]?.duration_seconds).toBe(w.twitch.made * 2);
  });

  test("without a usable ffmpeg the broadcast is still recorded whole; only its stills are missing", async () => {
    const w = world({ ffmpeg: false });
    w.twitch.goLive();
    await w.untilFed(3);
    w.twitch.stop({ endList: true });
    const outcome = await w.untilDone();
    expect(outcome.kind).toBe("finished");
    expect(outcome.state.parts[0]?.duration_seconds).toBe(w.twitch.made * 2);
    expect(w.stored.get(outcome.state.parts[0]?.key ?? "")).toBeGreaterThan(0);
  });
});
