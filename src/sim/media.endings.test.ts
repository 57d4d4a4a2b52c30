import { afterEach, describe, expect, test } from "bun:test";
import { playbackSim } from "../../tests/support/sim-playback.ts";

// What the edge keeps serving after a broadcast ends, over HTTP with a hand-stepped clock.
const LADDER = ["160p30", "audio_only"];
const LIVE = { ladder: LADDER, window_segments: 4 };
const sims: ReturnType<typeof playbackSim>[] = [];
afterEach(async () => {
  for (const p of sims.splice(0)) await p.stop();
});

/** Live for 8 segments, a media playlist opened, then /offline with `offline`. */
async function ended(offline: Record<string, unknown>, live: Record<string, unknown> = {}) {
  const p = playbackSim(42, { http: true });
  sims.push(p);
  const opened = await p.live("kitchen_lab", { ...LIVE, ...live }, 8, "160p30");
  const before = await p.mediaPlaylist(opened.path);
  const offline_ = await p.control("/channels/kitchen_lab/offline", offline);
  return { p, path: opened.path, master: opened.master, before, offline: offline_ };
}

const gone404 = async (res: { status: number; text: string }) => {
  expect(res.status).toBe(404);
  expect(JSON.parse(res.text)[0]).toMatchObject({ error_code: "transcode_does_not_exist", type: "error" });
};

describe("end: frozen (a stale CDN keeps answering the last window)", () => {
  test("the same text on every reload, no ENDLIST, then 404 after playlist_keep_seconds", async () => {
    const { p, path, before } = await ended({ end: "frozen", playlist_keep_seconds: 60 });
    const first = await p.mediaPlaylist(path);
    expect(first.status).toBe(200);
    expect(first.playlist?.endlist).toBe(false);
    expect(first.playlist?.prefetch).toEqual([]);
    expect(first.playlist?.tags.get("#EXT-X-TWITCH-LIVE-SEQUENCE")).toBe("4");
    expect(first.playlist?.tags.get("#EXT-X-MEDIA-SEQUENCE")).toBe(
      before.playlist?.tags.get("#EXT-X-MEDIA-SEQUENCE"),
    );
    expect(first.playlist?.segments.map((s) => s.uri)).toEqual(before.playlist?.segments.map((s) => s.uri));

    p.clock.advance(30_000);
    expect((await p.mediaPlaylist(path)).text).toBe(first.text);
    p.clock.advance(29_999);
    expect((await p.mediaPlaylist(path)).text).toBe(first.text);
    p.clock.advance(1);
    await gone404(await p.mediaPlaylist(path));
    // Usher forgot the channel at once (no master_cache_seconds).
    expect((await p.master("kitchen_lab")).status).toBe(404);
  });

  test("without playlist_keep_seconds it stays frozen for good", async () => {
    const { p, path } = await ended({ end: "frozen" });
    const first = (await p.mediaPlaylist(path)).text;
    // 12 h: within the playback token's 24 h.
    p.clock.advance(12 * 3_600_000);
    expect((await p.mediaPlaylist(path)).text).toBe(first);
  });
});

describe("playlist_keep_seconds", () => {
  test("end: endlist keeps the ENDLIST playlist that long, then answers 404 like end: 404", async () => {
    const { p, path } = await ended({ end: "endlist", playlist_keep_seconds: 20 });
    p.clock.advance(19_999);
    const kept = await p.mediaPlaylist(path);
    expect(kept.status).toBe(200);
    expect(kept.text).toEndWith("#EXT-X-ENDLIST\n");
    p.clock.advance(1);
    await gone404(await p.mediaPlaylist(path));
  });

  test.each([
    ["go-live defaults", { end: "frozen", playlist_keep_seconds: 10 }, {}, "frozen", 10],
    ["/offline values win", { end: "frozen", playlist_keep_seconds: 10 }, { end: "endlist" }, "endlist", 10],
    [
      "an explicit null at /offline keeps it forever",
      { playlist_keep_seconds: 10 },
      { playlist_keep_seconds: null },
      "endlist",
      null,
    ],
  ])("%s", async (_case, live, offline, mode, keep) => {
    const { p, path, offline: answer } = await ended(offline, live);
    expect(answer).toMatchObject({ session: { ended: { mode, playlist_keep_seconds: keep } } });
    p.clock.advance(9_000);
    expect((await p.mediaPlaylist(path)).playlist?.endlist).toBe(mode === "endlist");
    p.clock.advance(1_000);
    expect((await p.mediaPlaylist(path)).status).toBe(keep === null ? 200 : 404);
  });
});

describe("master_cache_seconds (usher answers a cached master after the end)", () => {
  test.each([
    ["endlist", 200, true],
    ["frozen", 200, false],
    ["404", 404, null],
    ["403", 403, null],
  ])("end %s: the cached master's playlists answer %i", async (end, status, endlist) => {
    const { p, master } = await ended({ end, master_cache_seconds: 30 });
    const broadcastId = (text: string) => /BROADCAST-ID="(\d+)"/.exec(text)?.[1];
    const sessionId = (text: string) => /VIDEO-SESSION-ID="(\d+)"/.exec(text)?.[1];
    p.clock.advance(10_000);
    const cached = await p.master("kitchen_lab");
    expect(cached.status).toBe(200);
    expect([...cached.playlists.keys()]).toEqual([...master.playlists.keys()]);
    expect(broadcastId(cached.text)).toBe(broadcastId(master.text));
    // Each usher call still starts a playback session, as from any master.
    const again = await p.master("kitchen_lab");
    expect(sessionId(again.text)).not.toBe(sessionId(cached.text));

    const res = await p.mediaPlaylist(cached.playlists.get("160p30") ?? "");
    expect(res.status).toBe(status);
    if (endlist !== null) {
      expect(res.playlist?.endlist).toBe(endlist);
      expect(res.playlist?.tags.get("#EXT-X-TWITCH-LIVE-SEQUENCE")).toBe("4");
      expect(res.playlist?.tags.get("#EXT-X-MEDIA-SEQUENCE")).toBe("0");
    }
    p.clock.advance(19_999);
    expect((await p.master("kitchen_lab")).status).toBe(200);
    p.clock.advance(1);
    await gone404(await p.master("kitchen_lab"));
  });

  test("/sim/state shows the end settings and until when each is served", async () => {
    const { p } = await ended({ end: "frozen", playlist_keep_seconds: 60, master_cache_seconds: 30 });
    const state = (await (await p.call("/sim/state")).json()) as {
      channels: { login: string; session: { ended: Record<string, unknown> } | null }[];
    };
    const session = state.channels.find((c) => c.login === "kitchen_lab")?.session;
    const at = Date.parse(String(session?.ended.at));
    expect(session?.ended).toEqual({
      at: new Date(at).toISOString(),
      mode: "frozen",
      playlist_keep_seconds: 60,
      master_cache_seconds: 30,
      playlist_until: new Date(at + 60_000).toISOString(),
      master_until: new Date(at + 30_000).toISOString(),
    });
  });
});

describe("master_lag_seconds (usher's cache behind a new broadcast)", () => {
  test("for the first seconds of a new broadcast, usher still hands out the previous one's master", async () => {
    const { p, master } = await ended({ end: "endlist" });
    const broadcastId = (text: string) => /BROADCAST-ID="(\d+)"/.exec(text)?.[1];
    const previous = broadcastId(master.text);
    await p.control("/channels/kitchen_lab/live", { ...LIVE, master_lag_seconds: 6 });
    p.clock.advance(4000);
    const stale = await p.master("kitchen_lab");
    expect(broadcastId(stale.text)).toBe(previous);
    // Its playlists are the ended broadcast's: the last window, with ENDLIST.
    const old = await p.mediaPlaylist(stale.playlists.get("160p30") ?? "");
    expect(old.playlist?.endlist).toBe(true);
    p.clock.advance(2000);
    const fresh = await p.master("kitchen_lab");
    expect(broadcastId(fresh.text)).not.toBe(previous);
    expect((await p.mediaPlaylist(fresh.playlists.get("160p30") ?? "")).playlist?.endlist).toBe(false);
  });
});
