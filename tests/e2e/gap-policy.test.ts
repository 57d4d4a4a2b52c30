import { afterAll, describe, expect, test } from "bun:test";
import { simulator } from "../support/recorder.ts";
import { recorderWorld } from "../support/recorder-world.ts";
import { until } from "../support/until.ts";

// The gap policy end to end: the simulator loses segments for good (`segment_lost_rate`: every request for
// one answers 410), the recorder gives up on each after its retries, and the policy set in the environment
// decides how the video ends, as the library shows it.
const sim = simulator({ warp: 4, seed: 41 });
afterAll(() => sim.stop());
const LIVE = { segment_seconds: 0.5, ladder: ["360p30"], window_segments: 40, bitrate_kbps: 300 };

/** Records `login` under the policy in `env` while the simulator loses `rate` of its segments. */
async function recordLosing(login: string, rate: number, env: Record<string, string>, segments = 80) {
  const world = await recorderWorld(sim.url, { env });
  try {
    const channel = await world.watch(login);
    await sim.control("/faults", { segment_lost_rate: rate });
    await sim.control(`/channels/${login}/live`, LIVE);
    const started = await world.recorder.start({
      broadcaster: channel,
      quality: "source",
      recordingType: "video",
      forceH264: false,
    });
    const ended = await until(
      "the recording to end or reach its length",
      async () => {
        const video = await world.repo.videos.getById(started.videoId);
        if (video?.status === "FAILED") return "failed early";
        const current = (await sim.channel(login))?.session?.current_sequence ?? -1;
        return current >= segments && "long enough";
      },
      60_000,
    );
    await sim.control(`/channels/${login}/offline`, { end: "endlist" });
    await world.recorder.idle();
    const video = await world.repo.videos.getById(started.videoId);
    const gaps = await world.repo.timeline.gaps(started.videoId);
    return { ended, video, gaps };
  } finally {
    await sim.control("/faults", { segment_lost_rate: 0 });
    await world.close();
  }
}

describe("the gap policy", () => {
  test("losses within the limit: DONE, each lost segment a fetch_failed gap on the timeline", async () => {
    const { video, gaps } = await recordLosing("kitchen_lab", 0.08, { RECORDER_MAX_GAP_RATIO: "0.5" });
    expect(video?.status).toBe("DONE");
    expect(video?.error).toBeNull();
    const lost = gaps.filter((g) => g.kind === "gap");
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every((g) => g.reason === "fetch_failed")).toBe(true);
    // Each gap is a 0.5-s segment or a few in a row.
    for (const gap of lost) expect(gap.duration_seconds % 0.5).toBeCloseTo(0, 5);
    expect(video?.parts.length).toBe(1);
  }, 90_000);

  test("losses above the default 1%: FAILED once the broadcast ends, saying how much was lost; the parts are kept", async () => {
    const { ended, video, gaps } = await recordLosing("speedrun_sam", 0.2, {});
    // Not stopped mid-broadcast: the recording ran to the end.
    expect(ended).toBe("long enough");
    expect(video?.status).toBe("FAILED");
    expect(video?.error).toMatch(
      /^\d+(\.\d+)?% of segments lost \(\d+ of \d+\), above the 1% limit \(RECORDER_MAX_GAP_RATIO\)$/,
    );
    const [, percent, lost, total] = /^([\d.]+)% .*\((\d+) of (\d+)\)/.exec(video?.error ?? "") ?? [];
    expect(Number(percent)).toBeGreaterThan(10);
    expect(Number(percent)).toBeLessThan(30);
    // The reason counts the same lost segments the timeline shows.
    const marked = gaps.filter((g) => g.kind === "gap").reduce((s, g) => s + g.duration_seconds / 0.5, 0);
    expect(Math.round(marked)).toBe(Number(lost));
    expect(Number(total)).toBeGreaterThan(70);
    expect(video?.completion_kind).toBe("partial");
    expect(video?.parts.length).toBe(1);
    expect(video?.parts[0]?.duration_seconds ?? 0).toBeGreaterThan(20);
  }, 90_000);

  test("strict mode: FAILED at the first lost segment, while the stream is still live", async () => {
    const { ended, video, gaps } = await recordLosing(
      "retro_arena",
      0.1,
      { RECORDER_STRICT_GAPS: "true" },
      400,
    );
    expect(ended).toBe("failed early");
    expect(video?.status).toBe("FAILED");
    expect(video?.error).toBe("a segment was lost and strict gap mode allows none (RECORDER_STRICT_GAPS)");
    const lost = gaps.filter((g) => g.kind === "gap");
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBe("fetch_failed");
    // What came before the gap is kept and playable.
    expect(video?.parts.length).toBe(1);
  }, 90_000);
});
