import { afterEach, describe, expect, test } from "bun:test";
import { playbackSim } from "../../tests/support/sim-playback.ts";

// A lagging CDN edge: some reloads answer the window of 1–3 segments earlier. Over HTTP, hand-stepped clock.
const LADDER = ["160p30", "audio_only"];
const sims: ReturnType<typeof playbackSim>[] = [];
afterEach(async () => {
  for (const p of sims.splice(0)) await p.stop();
});

interface Reload {
  /** LIVE-SEQUENCE the fresh window would show now. */
  fresh: number;
  live: number;
  media: number;
  uris: string[];
}

/** Live for 10 segments, then one reload per new segment, `reloads` times. */
async function reloads(seed: number, faults: Record<string, unknown>, reloads: number): Promise<Reload[]> {
  const p = playbackSim(seed, { http: true });
  sims.push(p);
  await p.control("/faults", faults);
  const { path } = await p.live("kitchen_lab", { ladder: LADDER, window_segments: 5 }, 10, "160p30");
  const out: Reload[] = [];
  for (let k = 0; k < reloads; k++) {
    p.clock.advance(2000);
    const playlist = (await p.mediaPlaylist(path)).playlist;
    out.push({
      fresh: 6 + k,
      live: Number(playlist?.tags.get("#EXT-X-TWITCH-LIVE-SEQUENCE")),
      media: Number(playlist?.tags.get("#EXT-X-MEDIA-SEQUENCE")),
      uris: playlist?.segments.map((s) => s.uri) ?? [],
    });
  }
  return out;
}

describe("playlist_stale_rate", () => {
  test("some reloads are 1–3 segments older than an earlier one, numbered and addressed consistently", async () => {
    const seen = await reloads(42, { playlist_stale_rate: 0.4 }, 40);
    const lags = seen.map((r) => r.fresh - r.live);
    expect(lags.every((lag) => lag >= 0 && lag <= 3)).toBe(true);
    expect(lags.filter((lag) => lag > 0).length).toBeGreaterThan(5);
    expect(lags.filter((lag) => lag === 0).length).toBeGreaterThan(5);
    // What a recorder notices: a reload older than one it already had.
    expect(seen.some((r, i) => seen.slice(0, i).some((earlier) => earlier.live > r.live))).toBe(true);

    // Nothing is renumbered: both counters move together, a full window each time, and a sequence always
    // has the same URI, so the stale copies hold nothing a fresh reload did not (or will not) show.
    const offset = (seen[0]?.media ?? 0) - (seen[0]?.live ?? 0);
    const uriOf = new Map<number, string>();
    for (const r of seen) {
      expect(r.media - r.live).toBe(offset);
      expect(r.uris).toHaveLength(5);
      r.uris.forEach((uri, i) => {
        expect(uriOf.get(r.live + i) ?? uri).toBe(uri);
        uriOf.set(r.live + i, uri);
      });
    }
  });

  test("the same seed answers the same stale reloads; the default rate 0 never does", async () => {
    const lags = (run: Reload[]) => run.map((r) => r.fresh - r.live);
    const a = lags(await reloads(7, { playlist_stale_rate: 0.5 }, 20));
    const b = lags(await reloads(7, { playlist_stale_rate: 0.5 }, 20));
    expect(b).toEqual(a);
    expect(a.some((lag) => lag > 0)).toBe(true);
    expect(lags(await reloads(7, {}, 20)).every((lag) => lag === 0)).toBe(true);
  });

  test("a stale copy never predates the playback session: the first reload after usher is fresh", async () => {
    const p = playbackSim(3, { http: true });
    sims.push(p);
    await p.control("/faults", { playlist_stale_rate: 1 });
    const { path } = await p.live("kitchen_lab", { ladder: LADDER, window_segments: 5 }, 10, "160p30");
    const live = async () => (await p.mediaPlaylist(path)).playlist?.tags.get("#EXT-X-TWITCH-LIVE-SEQUENCE");
    expect(await live()).toBe("5");
    p.clock.advance(2000);
    expect(await live()).toBe("5");
    p.clock.advance(3 * 2000);
    expect(Number(await live())).toBeLessThan(9);
  });
});
