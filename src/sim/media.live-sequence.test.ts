import { afterEach, describe, expect, test } from "bun:test";
import { playbackSim } from "../../tests/support/sim-playback.ts";

// Over HTTP with a hand-stepped clock: what a recorder reloading the playlist reads, segment by segment.
const LADDER = ["160p30", "audio_only"];
const sims: ReturnType<typeof playbackSim>[] = [];
afterEach(async () => {
  for (const p of sims.splice(0)) await p.stop();
});
function sim() {
  const p = playbackSim(42, { http: true });
  sims.push(p);
  return p;
}

/** Reloads `paths` once per segment for `reloads` segments: [MEDIA-SEQUENCE, LIVE-SEQUENCE] per reload. */
async function follow(p: ReturnType<typeof sim>, paths: string[], reloads: number) {
  const seen: number[][][] = paths.map(() => []);
  for (let k = 0; k < reloads; k++) {
    for (const [i, path] of paths.entries()) {
      const tags = (await p.mediaPlaylist(path)).playlist?.tags;
      seen[i]?.push([
        Number(tags?.get("#EXT-X-MEDIA-SEQUENCE")),
        Number(tags?.get("#EXT-X-TWITCH-LIVE-SEQUENCE")),
      ]);
    }
    p.clock.advance(2000);
  }
  return seen;
}

describe("live_sequence: content (LIVE-SEQUENCE does not advance over stitched ads)", () => {
  test("over a 6-segment midroll LIVE-SEQUENCE stays put while MEDIA-SEQUENCE advances by 6", async () => {
    const p = sim();
    await p.control("/channels/kitchen_lab/live", {
      ladder: LADDER,
      window_segments: 4,
      live_sequence: "content",
    });
    await p.control("/channels/retro_arena/live", { ladder: LADDER, window_segments: 4 });
    p.clock.advance(10 * 2000);
    const paths = await Promise.all(
      ["kitchen_lab", "retro_arena"].map(
        async (login) => (await p.master(login)).playlists.get("160p30") ?? "",
      ),
    );
    // Both breaks cover sequences 10–15.
    for (const login of ["kitchen_lab", "retro_arena"])
      await p.control(`/channels/${login}/ad`, { seconds: 12 });
    const [content, all] = await follow(p, paths, 12);

    // Windows start at sequences 6..17; the first one showing the break starts at 10, the first after it at 16.
    expect(content?.map(([media]) => media)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(content?.map(([, live]) => live)).toEqual([6, 7, 8, 9, 10, 10, 10, 10, 10, 10, 10, 11]);
    expect(all?.map(([, live]) => live)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(all?.map(([media]) => media)).toEqual(content?.map(([media]) => media));
  });

  test("a preroll: LIVE-SEQUENCE is 0 until the first window that starts after it", async () => {
    const p = sim();
    await p.control("/channels/kitchen_lab/live", {
      ladder: LADDER,
      window_segments: 3,
      live_sequence: "content",
    });
    const ad = await p.control("/channels/kitchen_lab/ad", { seconds: 10 });
    expect(ad).toMatchObject({ roll: "preroll", start_sequence: 0, segments: 5 });
    p.clock.advance(3 * 2000);
    const path = (await p.master("kitchen_lab")).playlists.get("160p30") ?? "";
    const [seen] = await follow(p, [path], 8);
    expect(seen?.map(([, live]) => live)).toEqual([0, 0, 0, 0, 0, 0, 1, 2]);
    expect(seen?.map(([media]) => media)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

    // The ledger says which LIVE-SEQUENCE a window headed by each segment shows.
    const ledger = (await (await p.call("/sim/channels/kitchen_lab/segments")).json()) as {
      segments: { sequence: number; kind: string; live_sequence: number }[];
    };
    expect(ledger.segments.map((s) => [s.sequence, s.kind, s.live_sequence])).toEqual([
      [0, "ad", 0],
      [1, "ad", 0],
      [2, "ad", 0],
      [3, "ad", 0],
      [4, "ad", 0],
      [5, "content", 0],
      [6, "content", 1],
      [7, "content", 2],
      [8, "content", 3],
      [9, "content", 4],
    ]);
  });

  test("the default is 'all', shown in /sim/state with the session's other settings", async () => {
    const p = sim();
    await p.control("/channels/kitchen_lab/live", { ladder: LADDER });
    await p.control("/channels/retro_arena/live", { ladder: LADDER, live_sequence: "content" });
    const state = (await (await p.call("/sim/state")).json()) as {
      channels: { login: string; session: { live_sequence: string } | null }[];
    };
    const mode = (login: string) => state.channels.find((c) => c.login === login)?.session?.live_sequence;
    expect([mode("kitchen_lab"), mode("retro_arena")]).toEqual(["all", "content"]);
  });
});
