import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiWorld } from "../support/api.ts";
import { simulator } from "../support/recorder.ts";

// A skipped ad break, end to end: simulator → recorder → database → `video.gaps`.
const sim = simulator({ warp: 2, seed: 29 });
afterAll(() => sim.stop());

const SEGMENT = 0.5;

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(100);
  }
}

describe("gap markers through the API", () => {
  test("a midroll in the second part: an ad marker at its place on the whole video's timeline, kept once done", async () => {
    // Parts of ~15 s, so the ad (after ~25 s of content) lands in part 2 and its offset must count part 1.
    const config = join(mkdtempSync(join(tmpdir(), "replayd-gaps-")), "config.toml");
    writeFileSync(config, "[recorder]\nmax_restart_gap_seconds = 1\nmax_part_seconds = 15\n");
    const w = await apiWorld("sqlite", { simUrl: sim.url, env: { CONFIG_FILE: config } });
    try {
      const owner = await w.user("owner");
      const login = "kitchen_lab";
      const channel = await w.as(owner).channel.syncFromTwitch({ login });
      await sim.control(`/channels/${login}/live`, {
        segment_seconds: SEGMENT,
        ladder: ["360p30"],
        window_segments: 40,
        bitrate_kbps: 300,
      });
      const started = await w.as(owner).video.triggerDownload({
        broadcaster_id: channel?.broadcaster_id as string,
        quality: "360p",
      });
      await sim.until(login, 50);
      await sim.control(`/channels/${login}/ad`, { seconds: 6 });
      await sim.until(login, 100);

      const viewer = await w.user("viewer");
      const gaps = () => w.as(viewer).video.gaps({ video_id: started.video_id });
      // Stored with the checkpoints: visible while the recording runs.
      const live = await until("the ad marker while recording", gaps, (g) => g.length > 0);
      expect(live.map((g) => g.kind)).toEqual(["ad"]);

      await sim.control(`/channels/${login}/offline`, { end: "endlist" });
      const video = await until(
        "the finished video",
        () => w.as(viewer).video.getById({ id: started.video_id }),
        (v) => v.status === "DONE",
      );
      expect(video.parts.length).toBeGreaterThanOrEqual(2);

      const ledger = await sim.ledger(login);
      const firstAd = Math.min(...ledger.filter((s) => s.kind === "ad").map((s) => s.sequence));
      const adSegments = ledger.filter((s) => s.kind === "ad" && s.listed).length;
      const contentBefore = ledger.filter((s) => s.kind === "content" && s.listed && s.sequence < firstAd);
      const markers = await gaps();
      expect(markers).toHaveLength(1);
      const [ad] = markers;
      expect(ad?.kind).toBe("ad");
      expect(ad?.reason).toBeNull();
      expect(ad?.duration_seconds).toBeCloseTo(adSegments * SEGMENT, 1);
      expect(ad?.duration_seconds).toBeCloseTo(6, 0);
      // Where the content before the ad ends in the video (parts end to end), within a segment or so.
      expect(Math.abs((ad?.media_offset_seconds ?? 0) - contentBefore.length * SEGMENT)).toBeLessThan(1);
      const part1 = video.parts.find((p) => p.part_index === 1);
      expect(ad?.media_offset_seconds ?? 0).toBeGreaterThan(part1?.duration_seconds ?? Infinity);
    } finally {
      await w.dispose();
    }
  }, 120_000);
});
