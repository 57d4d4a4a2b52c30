import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { PlaylistError } from "./master-playlist.ts";
import { parseMediaPlaylist } from "./media-playlist.ts";

const fixture = (name: string) => Bun.file(join(import.meta.dir, "fixtures", name)).text();
const BASE = "https://edge.example/v1/playlist/abc.m3u8";

describe("parseMediaPlaylist", () => {
  test("TS live playlist: sequences, durations, dates, prefetch and the end", async () => {
    const playlist = parseMediaPlaylist(await fixture("media-ts-live.m3u8"), BASE);
    expect(playlist).toMatchObject({
      targetDuration: 6,
      mediaSequence: 41,
      liveSequence: 41,
      endList: true,
      format: "ts",
    });
    expect(playlist.segments.map((s) => [s.sequence, s.duration, s.title])).toEqual([
      [41, 2, "live"],
      [42, 2, "live"],
      [43, 1.5, "live"],
    ]);
    expect(playlist.segments[0]?.programDateTime).toBe(Date.parse("2026-10-01T20:00:00.000Z"));
    expect(playlist.prefetch).toEqual([
      "https://edge.example/v1/segment/44.ts",
      "https://edge.example/v1/segment/45.ts",
    ]);
  });

  test("fMP4 playlist: init sections (which change across the ad), date ranges with Twitch's attribute names", async () => {
    const playlist = parseMediaPlaylist(await fixture("media-fmp4-midroll.m3u8"), BASE);
    expect(playlist.format).toBe("fmp4");
    expect(playlist.liveSequence).toBe(7517);
    expect(playlist.segments.map((s) => s.map?.split("/").pop())).toEqual([
      "INIT.mp4",
      "INIT.mp4",
      "AD-INIT.mp4",
      "AD-INIT.mp4",
      "INIT2.mp4",
      "INIT2.mp4",
    ]);
    const ad = playlist.dateRanges.find((r) => r.class === "twitch-stitched-ad");
    expect(ad).toMatchObject({ duration: 4, attributes: { "X-TV-TWITCH-AD-ROLL-TYPE": "MIDROLL" } });
    expect(playlist.dateRanges).toHaveLength(4);
  });

  test("relative segment URIs resolve against the playlist URL", async () => {
    const playlist = parseMediaPlaylist(await fixture("media-ts-prefetch-preroll.m3u8"), BASE);
    expect(playlist.segments[0]?.uri).toBe("https://edge.example/v1/playlist/segment/100.ts");
    expect(playlist.trailingDiscontinuity).toBe(true);
  });

  const header = "#EXTM3U\n#EXT-X-TARGETDURATION:6\n";
  test.each([
    ["a missing target duration", "#EXTM3U\n#EXTINF:2,\na.ts\n", /TARGETDURATION/],
    ["AES-128", `${header}#EXT-X-KEY:METHOD=AES-128,URI="k"\n#EXTINF:2,\na.ts\n`, /encrypted \(AES-128\)/],
    [
      "FairPlay DRM",
      `${header}#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://x",KEYFORMAT="com.apple.streamingkeydelivery"\n#EXTINF:2,\na.ts\n`,
      /DRM-protected/,
    ],
    ["byte ranges", `${header}#EXTINF:2,\n#EXT-X-BYTERANGE:100@0\na.ts\n`, /byte-range/],
    ["LL-HLS parts", `${header}#EXT-X-PART:DURATION=0.5,URI="p.ts"\n#EXTINF:2,\na.ts\n`, /LL-HLS/],
    [
      "an init section without URI",
      `${header}#EXT-X-MAP:BYTERANGE="1@0"\n#EXTINF:2,\na.mp4\n`,
      /EXT-X-MAP without URI/,
    ],
    ["a non-playlist", "<html></html>", /not an M3U8 document/],
  ])("refuses %s with a reason", (_name, text, message) => {
    expect(() => parseMediaPlaylist(text, BASE)).toThrow(PlaylistError);
    expect(() => parseMediaPlaylist(text, BASE)).toThrow(message);
  });

  test("METHOD=NONE is not encryption", () => {
    expect(
      parseMediaPlaylist(`${header}#EXT-X-KEY:METHOD=NONE\n#EXTINF:2,\na.ts\n`, BASE).segments,
    ).toHaveLength(1);
  });
});
