import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { classifySegments, isAdDateRange, isAdSegment, mergeAdRanges } from "./ads.ts";
import { type DateRange, parseMediaPlaylist } from "./media-playlist.ts";

const fixture = (name: string) => Bun.file(join(import.meta.dir, "fixtures", name)).text();
const BASE = "https://edge.example/v1/playlist/abc.m3u8";
const T0 = Date.parse("2026-10-01T20:00:00.000Z");

const range = (over: Partial<DateRange>): DateRange => ({
  id: "x",
  class: null,
  startDate: T0,
  duration: 30,
  attributes: {},
  ...over,
});

describe("ad detection", () => {
  test.each([
    ["CLASS twitch-stitched-ad", range({ class: "twitch-stitched-ad" }), true],
    ["ID stitched-ad-…", range({ id: "stitched-ad-1-2" }), true],
    ["an X-TV-TWITCH-AD-* attribute", range({ attributes: { "X-TV-TWITCH-AD-ROLL-TYPE": "PREROLL" } }), true],
    ["the session range", range({ class: "twitch-session", id: "playlist-session-1" }), false],
    [
      "a stream-source range",
      range({ class: "twitch-stream-source", attributes: { "X-TV-TWITCH-STREAM-SOURCE": "live" } }),
      false,
    ],
  ])("a date range with %s is an ad range: %p", (_name, r, expected) => {
    expect(isAdDateRange(r)).toBe(expected);
  });

  const ads = [range({ class: "twitch-stitched-ad", startDate: T0 + 10_000, duration: 4 })];
  test.each([
    ["titled Amazon|…", { title: "Amazon|2474283100494", programDateTime: T0 }, true],
    ["dated inside an ad range", { title: "", programDateTime: T0 + 12_000 }, true],
    ["dated at the range's start", { title: "live", programDateTime: T0 + 10_000 }, true],
    ["dated at the range's end", { title: "live", programDateTime: T0 + 14_000 }, false],
    ["dated before it", { title: "live", programDateTime: T0 + 8_000 }, false],
    ["undated and titled live", { title: "live", programDateTime: null }, false],
  ])("a segment %s is an ad: %p", (_name, segment, expected) => {
    expect(isAdSegment(segment, ads)).toBe(expected);
  });

  test("a midroll in an fMP4 playlist: the two ad segments, and only they, are ads", async () => {
    const playlist = parseMediaPlaylist(await fixture("media-fmp4-midroll.m3u8"), BASE);
    const classified = classifySegments(playlist);
    expect(classified.map((s) => [s.sequence, s.ad])).toEqual([
      [2850, false],
      [2851, false],
      [2852, true],
      [2853, true],
      [2854, false],
      [2855, false],
    ]);
  });

  test("prefetch segments after a trailing discontinuity are ads; listed content stays content", async () => {
    const playlist = parseMediaPlaylist(await fixture("media-ts-prefetch-preroll.m3u8"), BASE);
    const classified = classifySegments(playlist);
    expect(classified.map((s) => [s.sequence, s.ad, s.prefetch])).toEqual([
      [100, false, false],
      [101, false, false],
      [102, true, true],
      [103, true, true],
    ]);
  });

  test("prefetch segments get extrapolated dates and the listed segments' average duration", async () => {
    const playlist = parseMediaPlaylist(await fixture("media-ts-live.m3u8"), BASE);
    const prefetch = classifySegments(playlist).filter((s) => s.prefetch);
    expect(prefetch.map((s) => [s.sequence, s.programDateTime, s.ad])).toEqual([
      [44, T0 + 5_500, false],
      [45, T0 + 5_500 + (5.5 / 3) * 1000, false],
    ]);
  });

  test("an ad range seen in an earlier reload still marks segments after it scrolled out", () => {
    const known = mergeAdRanges([], [range({ id: "stitched-ad-9", startDate: T0, duration: 6 })]);
    const later = parseMediaPlaylist(
      "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:5\n#EXT-X-PROGRAM-DATE-TIME:2026-10-01T20:00:04.000Z\n#EXTINF:2,\nad.ts\n#EXT-X-PROGRAM-DATE-TIME:2026-10-01T20:00:06.000Z\n#EXTINF:2,live\nlive.ts\n",
      BASE,
    );
    expect(classifySegments(later, known).map((s) => s.ad)).toEqual([true, false]);
  });
});
