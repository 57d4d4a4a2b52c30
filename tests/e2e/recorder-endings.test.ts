import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { frameLabels, runs } from "../support/frames.ts";
import { decodeErrors } from "../support/media.ts";
import { type RecordingRun, record, simulator } from "../support/recorder.ts";
import { until } from "../support/until.ts";

// The end of a broadcast as Twitch's edge serves it: the ended playlist kept (with ENDLIST, or frozen
// without it), a master cached after the end, a quick reconnect that starts a new broadcast, stale reloads,
// and stitched ads under both LIVE-SEQUENCE numberings. Each recording is read back frame by frame.
const sim = simulator({ warp: 4, seed: 15 });
afterAll(() => sim.stop());

/** 0.5-s segments (0.125 s real at warp 4), one rendition, a window long enough to hold a 6-s ad. */
const LIVE = { segment_seconds: 0.5, ladder: ["360p30"], window_segments: 30, bitrate_kbps: 300 };
/** The rejoin window of these recordings, seconds. */
const WINDOW = 4;

/** Goes live; returns the new broadcast's stream id. */
async function goLive(login: string, options: Record<string, unknown> = {}): Promise<string> {
  const channel = (await sim.control(`/channels/${login}/live`, { ...LIVE, ...options })) as {
    session: { stream_id: string };
  };
  return channel.session.stream_id;
}

/** The content segments of one broadcast the simulator listed, by broadcast sequence. */
async function listed(login: string, streamId: string): Promise<number[]> {
  const res = await fetch(`${sim.url}/sim/channels/${login}/segments?kind=content&stream_id=${streamId}`);
  const body = (await res.json()) as { segments: { sequence: number; listed: boolean }[] };
  return body.segments.filter((s) => s.listed).map((s) => s.sequence);
}

/** The channel's current (or last) broadcast. */
async function currentStream(login: string): Promise<string> {
  const res = await fetch(`${sim.url}/sim/channels/${login}/segments`);
  return ((await res.json()) as { stream_id: string }).stream_id;
}

/** The content segment numbers a part file holds, in order (pool entries: sequence mod pool size). */
async function contentOf(run: RecordingRun, index: number) {
  const part = run.journal.finished.find((f) => f.part.index === index)?.part;
  if (!part) throw new Error(`part ${index} was not finished`);
  const file = join(run.storageRoot, part.key);
  expect(await decodeErrors(file)).toBe("");
  const labels = runs(await frameLabels(file));
  expect(labels.filter((r) => r.label === "ad")).toEqual([]);
  return labels.map((r) => r.label as number);
}

/** Every listed content segment of the stream exactly once, in order, in the file's frames. */
async function expectExactly(run: RecordingRun, index: number, sequences: number[]) {
  const labels = await contentOf(run, index);
  const poolSize = Math.max(...labels) + 1;
  expect(labels).toEqual(sequences.map((s) => s % poolSize));
}

/** Ends the stream and returns when it did (real ms), and the recording's outcome with when it came. */
async function endAndWait(run: RecordingRun, login: string, body: Record<string, unknown>) {
  await sim.control(`/channels/${login}/offline`, body);
  const endedAt = Date.now();
  // Live detection tells the recorder about the end (as EventSub or the poller would).
  run.recording.channelOffline();
  const outcome = await run.done;
  return { outcome, endedAt, doneAt: Date.now() };
}

describe("the end of a broadcast, whatever the edge keeps serving", () => {
  test.each([
    ["ENDLIST kept forever, master cached 30 s", { end: "endlist", master_cache_seconds: 30 }],
    [
      "ENDLIST kept 4 s, then 404; master cached 30 s",
      { end: "endlist", playlist_keep_seconds: 4, master_cache_seconds: 30 },
    ],
    [
      "the last window frozen without ENDLIST, master cached 30 s",
      { end: "frozen", master_cache_seconds: 30 },
    ],
  ] as const)(
    "%s: one part, every content segment once, DONE on time",
    async (_, ending) => {
      const login = "kitchen_lab";
      const stream = await goLive(login);
      const run = record(sim.url, login, { settings: { maxRestartGapSeconds: WINDOW } });
      await sim.until(login, 40);
      const { outcome, endedAt, doneAt } = await endAndWait(run, login, ending);

      expect(outcome.kind).toBe("finished");
      expect(run.journal.opened).toHaveLength(1);
      expect(run.journal.finished).toHaveLength(1);
      await expectExactly(run, 1, await listed(login, stream));
      // The rejoin window is waited out from the end, then the video is done (not looped, not late).
      expect(doneAt - endedAt).toBeGreaterThanOrEqual((WINDOW - 1) * 1000);
      // A frozen window is first noticed as frozen (at least 4 s once the channel is known offline).
      const noticing = ending.end === "frozen" ? 4 : 0;
      expect(doneAt - endedAt).toBeLessThan((WINDOW + noticing + 5) * 1000);
    },
    60_000,
  );

  test("a quick reconnect (a new broadcast) inside the window: a second part holding only the new broadcast", async () => {
    const login = "speedrun_sam";
    const first = await goLive(login);
    const run = record(sim.url, login, { settings: { maxRestartGapSeconds: 10 } });
    await sim.until(login, 30);
    // Ends with the ENDLIST playlist and the master still served; back 3 simulated seconds later.
    await sim.control(`/channels/${login}/offline`, {
      end: "endlist",
      master_cache_seconds: 60,
      reconnect_after_seconds: 3,
    });
    const second = await until("the new broadcast", async () => {
      const id = await currentStream(login);
      return id !== first && id;
    });
    await sim.until(login, 30);
    const { outcome } = await endAndWait(run, login, { end: "endlist" });

    expect(outcome.kind).toBe("finished");
    expect(run.journal.finished.map((f) => f.part.index)).toEqual([1, 2]);
    await expectExactly(run, 1, await listed(login, first));
    await expectExactly(run, 2, await listed(login, second));
    // The new broadcast was noticed at once: none of it was lost, so no gap is claimed.
    expect(outcome.state.gaps).toEqual([]);
  }, 90_000);
});

describe("a new broadcast while usher's cache still hands out the previous one", () => {
  test("the recording started for the new broadcast holds only it, none of the ended one", async () => {
    const login = "retro_arena";
    await goLive(login);
    await sim.until(login, 20);
    await sim.control(`/channels/${login}/offline`, { end: "endlist" });
    // The next broadcast: for its first 6 simulated seconds usher still answers with the ended one.
    const stream = await goLive(login, { master_lag_seconds: 6 });
    const run = record(sim.url, login, { streamId: stream, settings: { maxRestartGapSeconds: 2 } });
    await sim.until(login, 40);
    const { outcome } = await endAndWait(run, login, { end: "endlist" });
    expect(outcome.kind).toBe("finished");
    expect(run.journal.finished).toHaveLength(1);
    await expectExactly(run, 1, await listed(login, stream));
  }, 60_000);
});

describe("stitched ads under both LIVE-SEQUENCE numberings", () => {
  test.each([
    ["midroll", "all"],
    ["midroll", "content"],
    ["preroll", "all"],
    ["preroll", "content"],
  ] as const)(
    "a 6-s %s, LIVE-SEQUENCE counting %s segments: no content segment lost, none repeated",
    async (roll, liveSequence) => {
      const login = "night_owl_music";
      // Tokens expire every 12 simulated seconds: new playback sessions cross the ad, as in a long recording.
      await sim.control("/faults", { token_ttl_seconds: 12 });
      try {
        const stream = await goLive(login, { live_sequence: liveSequence });
        if (roll === "preroll") await sim.control(`/channels/${login}/ad`, { seconds: 6, roll: "preroll" });
        const run = record(sim.url, login, { settings: { maxRestartGapSeconds: 2 } });
        if (roll === "midroll") {
          await sim.until(login, 14);
          await sim.control(`/channels/${login}/ad`, { seconds: 6 });
        }
        await sim.until(login, 70);
        const { outcome } = await endAndWait(run, login, { end: "endlist" });
        expect(outcome.kind).toBe("finished");
        expect(run.journal.finished).toHaveLength(1);
        await expectExactly(run, 1, await listed(login, stream));
        expect(outcome.state.ads.reduce((n, a) => n + a.to - a.from + 1, 0)).toBe(12);
        expect(outcome.state.gaps).toEqual([]);
      } finally {
        await sim.control("/faults", { token_ttl_seconds: 86_400 });
      }
    },
    90_000,
  );

  test("stale reloads (a lagging edge answers an older window 30% of the time): nothing repeated or skipped", async () => {
    const login = "retro_arena";
    await sim.control("/faults", { playlist_stale_rate: 0.3 });
    try {
      const stream = await goLive(login);
      const run = record(sim.url, login, { settings: { maxRestartGapSeconds: 2 } });
      await sim.until(login, 50);
      const { outcome } = await endAndWait(run, login, { end: "endlist" });
      expect(outcome.kind).toBe("finished");
      await expectExactly(run, 1, await listed(login, stream));
    } finally {
      await sim.control("/faults", { playlist_stale_rate: 0 });
    }
  }, 60_000);
});
