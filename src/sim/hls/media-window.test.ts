import { describe, expect, test } from "bun:test";
import { renderMediaPlaylist } from "./media-playlist.render.ts";
import { buildMediaWindow, targetDuration, type WindowInput } from "./media-window.ts";
import { testAd, testSession } from "./test-session.ts";
import { discontinuityBefore, runStart, type Slot, segmentLost, slotAt, unitHash } from "./timeline.ts";

const AD = testAd(6, 2);
const session = testSession({ ads: [AD] });
const uri = (n: number, slot: Slot) => `https://sim/v1/segment/${slot.kind === "ad" ? "ad" : "s"}${n}.ts`;

function windowOf(overrides: Partial<WindowInput> = {}): WindowInput {
  return {
    session,
    first: 4,
    last: 9,
    prefetch: [],
    mediaSequenceBase: 0,
    nowMs: session.started_at + 20_500,
    playbackSession: { id: "7118666334057774101", startedAtMs: session.started_at + 10_000 },
    spuriousDiscontinuityRate: 0,
    salt: 1,
    endlist: false,
    fmp4: false,
    segmentUri: uri,
    initUri: (slot) => `https://sim/v1/segment/${slot.kind === "ad" ? "adinit" : "init"}.mp4`,
    ...overrides,
  };
}

describe("timeline", () => {
  test.each([
    [5, "content"],
    [6, "ad 0"],
    [7, "ad 1"],
    [8, "content"],
  ])("sequence %i holds %s", (n, expected) => {
    const slot = slotAt(session, n);
    expect(slot.kind === "ad" ? `ad ${slot.index}` : slot.kind).toBe(expected);
  });

  test("a break asked for during another one takes over from its start", () => {
    const second = testAd(7, 3, { creative_id: "999" });
    const both = testSession({ ads: [AD, second] });
    expect(slotAt(both, 6)).toMatchObject({ kind: "ad", ad: AD, index: 0 });
    expect(slotAt(both, 7)).toMatchObject({ kind: "ad", ad: second, index: 0 });
    expect(discontinuityBefore(both, 7, 0, 1)).toBe(true);
  });

  test.each([
    [6, true, "live to ad"],
    [7, false, "inside the break"],
    [8, true, "ad back to live"],
    [9, false, "live to live"],
    [0, false, "the first segment"],
  ])("a discontinuity before %i: %p (%s)", (n, expected) => {
    expect(discontinuityBefore(session, n, 0, 1)).toBe(expected);
  });

  test("spurious discontinuities hit about their rate of live boundaries, the same ones every time", () => {
    const plain = testSession();
    const hits = Array.from({ length: 10_000 }, (_, n) => discontinuityBefore(plain, n + 1, 0.02, 77));
    const share = hits.filter(Boolean).length / hits.length;
    expect(share).toBeGreaterThan(0.012);
    expect(share).toBeLessThan(0.028);
    expect(Array.from({ length: 10_000 }, (_, n) => discontinuityBefore(plain, n + 1, 0.02, 77))).toEqual(
      hits,
    );
    expect(unitHash(77, 5)).not.toBe(unitHash(78, 5));
  });

  test("lost segments hit about their rate, the same ones every time, and others than the discontinuities", () => {
    const lost = Array.from({ length: 10_000 }, (_, n) => segmentLost(77, n, 0.1));
    const share = lost.filter(Boolean).length / lost.length;
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.11);
    expect(Array.from({ length: 10_000 }, (_, n) => segmentLost(77, n, 0.1))).toEqual(lost);
    expect(Array.from({ length: 100 }, (_, n) => segmentLost(77, n, 0))).not.toContain(true);
    const plain = testSession();
    const both = lost.filter((l, n) => l && discontinuityBefore(plain, n, 0.1, 77)).length;
    expect(both).toBeLessThan(200);
  });

  test.each([
    [3, 0],
    [7, 6],
    [9, 8],
  ])("the run of sequence %i starts at %i", (n, start) => {
    expect(runStart(session, n)).toBe(start);
  });
});

describe("media playlist window", () => {
  test("a TS window across a midroll reads like Twitch's", () => {
    const text = renderMediaPlaylist(buildMediaWindow(windowOf({ prefetch: [10, 11] })));
    const ad = AD.commercial_id;
    expect(text).toBe(
      [
        "#EXTM3U",
        "#EXT-X-VERSION:3",
        "#EXT-X-TARGETDURATION:6",
        "#EXT-X-MEDIA-SEQUENCE:4",
        "#EXT-X-TWITCH-LIVE-SEQUENCE:4",
        "#EXT-X-TWITCH-ELAPSED-SECS:8.000",
        "#EXT-X-TWITCH-TOTAL-SECS:20.000",
        '#EXT-X-DATERANGE:ID="playlist-creation-1767225620",CLASS="timestamp",START-DATE="2026-01-01T00:00:20.500Z",END-ON-NEXT=YES,X-SERVER-TIME="1767225620.50"',
        '#EXT-X-DATERANGE:ID="playlist-session-1767225610",CLASS="twitch-session",START-DATE="2026-01-01T00:00:10.000Z",END-ON-NEXT=YES,X-TV-TWITCH-SESSIONID="7118666334057774101"',
        '#EXT-X-DATERANGE:ID="source-1767225600",CLASS="twitch-stream-source",START-DATE="2026-01-01T00:00:00.000Z",END-ON-NEXT=YES,X-TV-TWITCH-STREAM-SOURCE="live"',
        "#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:08.000Z",
        "#EXTINF:2.000,live",
        "https://sim/v1/segment/s4.ts",
        "#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:10.000Z",
        "#EXTINF:2.000,live",
        "https://sim/v1/segment/s5.ts",
        `#EXT-X-DATERANGE:ID="stitched-ad-1767225612-4000000000",CLASS="twitch-stitched-ad",START-DATE="2026-01-01T00:00:12.000Z",DURATION=4.000,X-TV-TWITCH-AD-POD-LENGTH="1",X-TV-TWITCH-AD-ROLL-TYPE="MIDROLL",X-TV-TWITCH-AD-URL="https://www.twitch.tv/",X-TV-TWITCH-AD-CLICK-BEACON-ID="click6a1f0d8e",X-TV-TWITCH-AD-CREATIVE-ID="2474283100494",X-TV-TWITCH-AD-COMMERCIAL-ID="${ad}",X-TV-TWITCH-AD-LINE-ITEM-ID="247428310",X-TV-TWITCH-AD-ORDER-ID="283100494",X-TV-TWITCH-AD-CLICK-TRACKING-URL="https://www.twitch.tv/",X-TV-TWITCH-AD-AD-FORMAT="standard_video_ad",X-TV-TWITCH-AD-POD-POSITION="0",X-TV-TWITCH-AD-POD-FILLED-DURATION="4"`,
        '#EXT-X-DATERANGE:ID="source-1767225612",CLASS="twitch-stream-source",START-DATE="2026-01-01T00:00:12.000Z",END-ON-NEXT=YES,X-TV-TWITCH-STREAM-SOURCE="Amazon|2474283100494"',
        '#EXT-X-DATERANGE:ID="quartile-1767225612-0",CLASS="twitch-ad-quartile",START-DATE="2026-01-01T00:00:12.000Z",DURATION=2.000,X-TV-TWITCH-AD-QUARTILE="0"',
        '#EXT-X-DATERANGE:ID="quartile-1767225612-1",CLASS="twitch-ad-quartile",START-DATE="2026-01-01T00:00:12.000Z",DURATION=2.000,X-TV-TWITCH-AD-QUARTILE="1"',
        "#EXT-X-DISCONTINUITY",
        "#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:12.000Z",
        "#EXTINF:2.000,Amazon|2474283100494",
        "https://sim/v1/segment/ad6.ts",
        '#EXT-X-DATERANGE:ID="quartile-1767225612-2",CLASS="twitch-ad-quartile",START-DATE="2026-01-01T00:00:14.000Z",DURATION=2.000,X-TV-TWITCH-AD-QUARTILE="2"',
        '#EXT-X-DATERANGE:ID="quartile-1767225612-3",CLASS="twitch-ad-quartile",START-DATE="2026-01-01T00:00:14.000Z",DURATION=2.000,X-TV-TWITCH-AD-QUARTILE="3"',
        "#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:14.000Z",
        "#EXTINF:2.000,Amazon|2474283100494",
        "https://sim/v1/segment/ad7.ts",
        '#EXT-X-DATERANGE:ID="source-1767225616",CLASS="twitch-stream-source",START-DATE="2026-01-01T00:00:16.000Z",END-ON-NEXT=YES,X-TV-TWITCH-STREAM-SOURCE="live"',
        "#EXT-X-DISCONTINUITY",
        "#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:16.000Z",
        "#EXTINF:2.000,live",
        "https://sim/v1/segment/s8.ts",
        "#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:18.000Z",
        "#EXTINF:2.000,live",
        "https://sim/v1/segment/s9.ts",
        "#EXT-X-TWITCH-PREFETCH:https://sim/v1/segment/s10.ts",
        "#EXT-X-TWITCH-PREFETCH:https://sim/v1/segment/s11.ts",
        "",
      ].join("\n"),
    );
  });

  test("fMP4 is version 6 and declares the init segment first and again at each change of source", () => {
    const text = renderMediaPlaylist(buildMediaWindow(windowOf({ fmp4: true })));
    expect(text).toContain("#EXT-X-VERSION:6\n");
    const maps = text.split("\n").filter((line) => line.startsWith("#EXT-X-MAP"));
    expect(maps).toEqual([
      '#EXT-X-MAP:URI="https://sim/v1/segment/init.mp4"',
      '#EXT-X-MAP:URI="https://sim/v1/segment/adinit.mp4"',
      '#EXT-X-MAP:URI="https://sim/v1/segment/init.mp4"',
    ]);
    expect(text).toMatch(/#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI="[^"]*adinit.mp4"\n#EXT-X-PROGRAM-DATE-TIME/);
  });

  test("a window that starts inside a break still carries the break's DATERANGE, dated in the past", () => {
    const playlist = buildMediaWindow(windowOf({ first: 7, last: 9 }));
    const ranges = playlist.segments[0]?.dateranges.map((range) => range.cls);
    expect(ranges).toEqual([
      "twitch-stitched-ad",
      "twitch-stream-source",
      "twitch-ad-quartile",
      "twitch-ad-quartile",
    ]);
    expect(playlist.segments[0]?.dateranges[0]?.startMs).toBe(session.started_at + 12_000);
  });

  test("a playlist of only ads has no prefetch lines", () => {
    expect(buildMediaWindow(windowOf({ first: 6, last: 7, prefetch: [8, 9] })).prefetch).toEqual([]);
    expect(buildMediaWindow(windowOf({ first: 5, last: 7, prefetch: [8, 9] })).prefetch).toHaveLength(2);
  });

  test("MEDIA-SEQUENCE counts from the playback session's base, LIVE-SEQUENCE from the broadcast start", () => {
    const playlist = buildMediaWindow(windowOf({ mediaSequenceBase: 3 }));
    expect([playlist.mediaSequence, playlist.liveSequence]).toEqual([1, 4]);
  });

  test("an ended stream's last reload carries ENDLIST", () => {
    expect(renderMediaPlaylist(buildMediaWindow(windowOf({ endlist: true })))).toEndWith(
      "s9.ts\n#EXT-X-ENDLIST\n",
    );
  });

  test.each([
    [2, 6],
    [0.5, 2],
    [0.25, 1],
    [4, 12],
  ])("segments of %ss announce TARGETDURATION %i", (seconds, target) => {
    expect(targetDuration(seconds)).toBe(target);
  });
});
