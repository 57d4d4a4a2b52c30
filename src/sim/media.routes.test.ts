import { describe, expect, test } from "bun:test";
import { playbackSim } from "../../tests/support/sim-playback.ts";
import { playbackFor } from "./hls/playback.ts";
import { testVariant } from "./hls/test-session.ts";

// Small renditions keep the media pools these tests cause (rendered once, cached) cheap.
const LADDER = ["160p30", "audio_only"];
const T0 = Date.UTC(2026, 0, 1, 12);

describe("live media playlists", () => {
  test("a sliding window of window_segments, dated, numbered from the broadcast and the playback session", async () => {
    const p = playbackSim();
    const { path } = await p.live("kitchen_lab", { ladder: LADDER, window_segments: 5 }, 7);
    const first = (await p.mediaPlaylist(path)).playlist;
    expect(first?.tags.get("#EXT-X-VERSION")).toBe("3");
    expect(first?.tags.get("#EXT-X-TARGETDURATION")).toBe("6");
    expect(first?.tags.get("#EXT-X-TWITCH-LIVE-SEQUENCE")).toBe("2");
    expect(first?.tags.get("#EXT-X-MEDIA-SEQUENCE")).toBe("0");
    expect(first?.segments.map((s) => [s.title, s.duration, s.date])).toEqual(
      [2, 3, 4, 5, 6].map((n) => ["live", 2, new Date(T0 + n * 2000).toISOString()]),
    );
    expect(first?.segments[0]?.dateranges.join("\n")).toMatch(
      /CLASS="twitch-session"[\s\S]*CLASS="twitch-stream-source".*X-TV-TWITCH-STREAM-SOURCE="live"/,
    );

    p.clock.advance(4_000);
    const later = (await p.mediaPlaylist(path)).playlist;
    expect(later?.tags.get("#EXT-X-TWITCH-LIVE-SEQUENCE")).toBe("4");
    expect(later?.tags.get("#EXT-X-MEDIA-SEQUENCE")).toBe("2");
    expect(later?.segments.slice(0, 3).map((s) => s.uri)).toEqual(first?.segments.slice(2).map((s) => s.uri));
    expect(later?.endlist).toBe(false);
  });

  test("a new playback session restarts MEDIA-SEQUENCE; media_sequence=live keeps it equal to LIVE-SEQUENCE", async () => {
    const p = playbackSim();
    await p.live("kitchen_lab", { ladder: LADDER }, 40);
    p.clock.advance(20_000);
    const again = await p.master("kitchen_lab");
    const playlist = (await p.mediaPlaylist(again.playlists.get("160p30") ?? "")).playlist;
    expect([
      playlist?.tags.get("#EXT-X-MEDIA-SEQUENCE"),
      playlist?.tags.get("#EXT-X-TWITCH-LIVE-SEQUENCE"),
    ]).toEqual(["0", "35"]);

    const { path } = await p.live("retro_arena", { ladder: LADDER, media_sequence: "live" }, 40);
    const live = (await p.mediaPlaylist(path)).playlist;
    expect(live?.tags.get("#EXT-X-MEDIA-SEQUENCE")).toBe(live?.tags.get("#EXT-X-TWITCH-LIVE-SEQUENCE"));
  });

  test("a midroll: stitched-ad DATERANGE, Amazon titles, discontinuities into and out of the break", async () => {
    const p = playbackSim();
    const { path } = await p.live("kitchen_lab", { ladder: LADDER }, 5);
    const ad = await p.control("/channels/kitchen_lab/ad", { seconds: 4 });
    p.clock.advance(5 * 2000);
    const segments = (await p.mediaPlaylist(path)).playlist?.segments ?? [];
    const titles = segments.map((s) => s.title);
    expect(titles).toEqual([
      ...Array(5).fill("live"),
      `Amazon|${ad.creative_id}`,
      `Amazon|${ad.creative_id}`,
      ...Array(3).fill("live"),
    ]);
    expect(segments.map((s) => s.discontinuity)).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
      false,
      true,
      false,
      false,
    ]);
    const stitched = segments[5]?.dateranges.find((d) => d.includes("twitch-stitched-ad")) ?? "";
    expect(stitched).toMatch(
      /^ID="stitched-ad-\d+-4000000000",CLASS="twitch-stitched-ad",START-DATE="[^"]+",DURATION=4\.000,/,
    );
    expect(stitched).toContain('X-TV-TWITCH-AD-ROLL-TYPE="MIDROLL"');
    expect(stitched).toContain(`X-TV-TWITCH-AD-COMMERCIAL-ID="${ad.commercial_id}"`);
    expect(stitched).toContain('X-TV-TWITCH-AD-POD-FILLED-DURATION="4"');
    expect(
      segments[5]?.dateranges.some((d) => d.includes(`X-TV-TWITCH-STREAM-SOURCE="Amazon|${ad.creative_id}"`)),
    ).toBe(true);
    expect(segments[7]?.dateranges.some((d) => d.includes('X-TV-TWITCH-STREAM-SOURCE="live"'))).toBe(true);
  });

  test.each([
    ["low latency with fast_bread", true, "true", 2],
    ["low latency without fast_bread", true, undefined, 0],
    ["fast_bread on a normal stream", false, "True", 0],
  ])("%s: %p prefetch lines", async (_case, lowLatency, fastBread, count) => {
    const p = playbackSim();
    const usher: Record<string, string> = fastBread ? { fast_bread: fastBread } : {};
    const { path } = await p.live(
      "kitchen_lab",
      { ladder: LADDER, low_latency: lowLatency },
      6,
      undefined,
      usher,
    );
    expect((await p.mediaPlaylist(path)).playlist?.prefetch).toHaveLength(count);
  });

  test("a preroll: the first playlists show only ads (roll PREROLL) and carry no prefetch", async () => {
    const p = playbackSim();
    await p.control("/channels/kitchen_lab/live", { ladder: LADDER, low_latency: true });
    const ad = await p.control("/channels/kitchen_lab/ad", { seconds: 10 });
    expect(ad).toMatchObject({ roll: "preroll", start_sequence: 0 });
    p.clock.advance(3 * 2000);
    const m = await p.master("kitchen_lab", { fast_bread: "true" });
    const playlist = (await p.mediaPlaylist(m.playlists.get("160p30") ?? "")).playlist;
    expect(playlist?.segments.every((s) => s.title.startsWith("Amazon|"))).toBe(true);
    expect(playlist?.segments[0]?.dateranges.join()).toContain('X-TV-TWITCH-AD-ROLL-TYPE="PREROLL"');
    expect(playlist?.prefetch).toEqual([]);
  });

  test("fMP4: version 6, EXT-X-MAP first, and the init URI changes across an ad break and back", async () => {
    const p = playbackSim();
    const { path } = await p.live("kitchen_lab", { ladder: LADDER, format: "fmp4" }, 3);
    await p.control("/channels/kitchen_lab/ad", { seconds: 2 });
    p.clock.advance(3 * 2000);
    const playlist = (await p.mediaPlaylist(path)).playlist;
    expect(playlist?.tags.get("#EXT-X-VERSION")).toBe("6");
    const maps = (playlist?.segments ?? []).filter((s) => s.map).map((s) => [s.title.split("|")[0], s.map]);
    expect(maps.map(([title]) => title)).toEqual(["live", "Amazon", "live"]);
    expect(maps[0]?.[1]).toBe(maps[2]?.[1]);
    expect(maps[1]?.[1]).not.toBe(maps[0]?.[1]);
    expect(playlist?.segments.every((s) => s.path.endsWith(".mp4"))).toBe(true);
  });

  test.each([
    [1, 9],
    [0, 0],
  ])("spurious_discontinuity_rate %d marks %i live-to-live boundaries", async (rate, count) => {
    const p = playbackSim();
    await p.control("/faults", { spurious_discontinuity_rate: rate });
    const { path } = await p.live("kitchen_lab", { ladder: LADDER, window_segments: 10 }, 12);
    const segments = (await p.mediaPlaylist(path)).playlist?.segments ?? [];
    expect(segments.slice(1).filter((s) => s.discontinuity)).toHaveLength(count);
  });

  test("after /offline with end=endlist the playlist keeps its last window and ends with ENDLIST", async () => {
    const p = playbackSim();
    const { path } = await p.live(
      "kitchen_lab",
      { ladder: LADDER, low_latency: true, window_segments: 4 },
      8,
      undefined,
      { fast_bread: "true" },
    );
    await p.control("/channels/kitchen_lab/offline", { end: "endlist" });
    p.clock.advance(60_000);
    const { status, text, playlist } = await p.mediaPlaylist(path);
    expect(status).toBe(200);
    expect(text).toEndWith("#EXT-X-ENDLIST\n");
    expect(playlist?.tags.get("#EXT-X-TWITCH-LIVE-SEQUENCE")).toBe("4");
    expect(playlist?.segments).toHaveLength(4);
    expect(playlist?.prefetch).toEqual([]);
  });

  test.each([
    ["404", 404, "transcode_does_not_exist"],
    ["403", 403, "forbidden"],
  ])("after /offline with end=%s the playlist answers %i", async (end, status, code) => {
    const p = playbackSim();
    const { path } = await p.live("kitchen_lab", { ladder: LADDER }, 8);
    await p.control("/channels/kitchen_lab/offline", { end });
    const res = await p.mediaPlaylist(path);
    expect(res.status).toBe(status);
    expect(JSON.parse(res.text)[0]).toMatchObject({ error_code: code, type: "error" });
  });

  test("playlist faults: 5xx and 404 blips at their rates; a forged URL is a 404", async () => {
    const p = playbackSim();
    const { path } = await p.live("kitchen_lab", { ladder: LADDER }, 4);
    await p.control("/faults", { playlist_error_rate: 1 });
    expect((await p.mediaPlaylist(path)).status).toBeGreaterThanOrEqual(500);
    await p.control("/faults", { playlist_error_rate: 0, playlist_404_rate: 1 });
    expect((await p.mediaPlaylist(path)).status).toBe(404);
    await p.control("/faults", { playlist_404_rate: 0 });
    expect((await p.mediaPlaylist(path)).status).toBe(200);
    expect((await p.mediaPlaylist(path.replace(/[A-Za-z](?=[^/]*\.m3u8$)/, "A"))).status).toBe(404);
  });
});

describe("segments and the ledger", () => {
  test("token expiry turns the playlist and its segments into 403", async () => {
    const p = playbackSim();
    await p.control("/faults", { token_ttl_seconds: 60 });
    const { path } = await p.live("kitchen_lab", { ladder: LADDER, segment_seconds: 0.5 }, 6);
    const segment = (await p.mediaPlaylist(path)).playlist?.segments[0]?.path ?? "";
    p.clock.advance(61_000);
    expect((await p.mediaPlaylist(path)).status).toBe(403);
    const res = await p.call(segment);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error_code: string }[])[0]?.error_code).toBe("token_expired");
  });

  test("a prefetch segment is held until produced; later ones, or ones past the end, are 404s", async () => {
    const p = playbackSim();
    const { path } = await p.live("kitchen_lab", { ladder: LADDER, segment_seconds: 0.5 }, 6);
    const playback = playbackFor(p.ctx);
    const blob = playback.openPlaylist(path.split("/").at(-1) ?? "");
    const session = p.ctx.state.channelByLogin("kitchen_lab")?.session;
    if (!blob || !session) throw new Error("no playback session");
    const url = (n: number) => playback.segmentUrl("", blob, testVariant(session, "160p30"), n);
    // Segments 0-5 exist; 6 completes 0.5 s from now (the manual clock stands still: the wait is real time).
    const started = performance.now();
    expect((await p.call(url(6))).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
    expect((await p.call(url(9))).status).toBe(404);
    await p.control("/channels/kitchen_lab/offline", {});
    expect((await p.call(url(6))).status).toBe(404);
    expect((await p.call(url(5))).status).toBe(200);
  }, 30_000);

  test("the ledger lists what playlists showed and what was fetched, content and ads apart", async () => {
    const p = playbackSim();
    const { path } = await p.live("kitchen_lab", { ladder: LADDER, segment_seconds: 0.5 }, 4);
    const ad = await p.control("/channels/kitchen_lab/ad", { seconds: 1 });
    p.clock.advance(4 * 500);
    const segments = (await p.mediaPlaylist(path)).playlist?.segments ?? [];
    for (const segment of [segments[0], segments[4]])
      expect((await p.call(segment?.path ?? "")).status).toBe(200);

    const res = await p.call("/sim/channels/kitchen_lab/segments");
    const ledger = (await res.json()) as { stream_id: string; segments: Record<string, unknown>[] };
    expect(ledger.segments.map((s) => [s.sequence, s.kind, s.listed, s.fetches])).toEqual([
      [0, "content", true, 1],
      [1, "content", true, 0],
      [2, "content", true, 0],
      [3, "content", true, 0],
      [4, "ad", true, 1],
      [5, "ad", true, 0],
      [6, "content", true, 0],
      [7, "content", true, 0],
    ]);
    expect(ledger.segments[0]).toMatchObject({
      content_id: `${ledger.stream_id}/0`,
      duration: 0.5,
      pts: 10,
      renditions: ["160p30"],
      ad: null,
    });
    expect(ledger.segments[4]).toMatchObject({
      content_id: `ad/${ad.commercial_id}/0`,
      pts: 10,
      ad: { creative_id: ad.creative_id, index: 0 },
    });
    const contentOnly = (await (await p.call("/sim/channels/kitchen_lab/segments?kind=content")).json()) as {
      segments: unknown[];
    };
    expect(contentOnly.segments).toHaveLength(6);
    expect((await p.call("/sim/channels/nobody_here/segments")).status).toBe(404);
    expect((await p.call("/sim/channels/kitchen_lab/segments?kind=both")).status).toBe(400);
    const state = (await (await p.call("/sim/state")).json()) as {
      segments: unknown[];
      media: { pools: unknown[] };
    };
    expect(state.segments).toEqual([
      { login: "kitchen_lab", segments: 8, content: 6, ads: 2, fetched: 2, failed_fetches: 0 },
    ]);
    expect(state.media.pools.length).toBeGreaterThan(0);
  }, 30_000);

  test.each([
    ["segment_error_rate", { segment_error_rate: 1 }],
    ["segment_truncate_rate", { segment_truncate_rate: 1 }],
  ])(
    "%s=1 fails every fetch (and the ledger counts it as failed)",
    async (_name, faults) => {
      const p = playbackSim();
      const { path } = await p.live("kitchen_lab", { ladder: LADDER, segment_seconds: 0.5 }, 4);
      const segment = (await p.mediaPlaylist(path)).playlist?.segments[1]?.path ?? "";
      const whole = (await (await p.call(segment)).arrayBuffer()).byteLength;
      await p.control("/faults", faults);
      const res = await p.call(segment);
      const outcome = res.ok
        ? await res.arrayBuffer().then(
            (b) => b.byteLength,
            () => "broken",
          )
        : res.status;
      if (typeof outcome === "number" && res.ok) expect(outcome).toBeLessThan(whole);
      else expect(outcome === "broken" || (typeof outcome === "number" && outcome >= 500)).toBe(true);
      const ledger = (await (await p.call("/sim/channels/kitchen_lab/segments")).json()) as {
        segments: { sequence: number; failed_fetches: number }[];
      };
      expect(ledger.segments.find((s) => s.sequence === 1)?.failed_fetches).toBe(1);
    },
    30_000,
  );

  test("segment_stall_rate=1 holds each segment for segment_stall_ms before answering", async () => {
    const p = playbackSim();
    const { path } = await p.live("kitchen_lab", { ladder: LADDER, segment_seconds: 0.5 }, 4);
    const segment = (await p.mediaPlaylist(path)).playlist?.segments[1]?.path ?? "";
    await p.call(segment);
    await p.control("/faults", { segment_stall_rate: 1, segment_stall_ms: 300 });
    const started = performance.now();
    expect((await p.call(segment)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  }, 30_000);
});
