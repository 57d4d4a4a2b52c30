import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { PlaylistError, parseMasterPlaylist } from "./master-playlist.ts";

const fixture = (name: string) => Bun.file(join(import.meta.dir, "fixtures", name)).text();
const BASE = "https://usher.ttvnw.net/api/channel/hls/someone.m3u8";

describe("parseMasterPlaylist", () => {
  test("v1: names from EXT-X-MEDIA, source is the chunked group wherever it sits, audio has no picture", async () => {
    const variants = parseMasterPlaylist(await fixture("master-v1.m3u8"), BASE);
    expect(variants.map((v) => [v.name, v.height, v.fps, v.codec, v.source, v.audioOnly])).toEqual([
      ["720p60", 720, 60, "h264", false, false],
      ["1080p60", 1080, 60, "h264", true, false],
      ["480p", 480, 30, "h264", false, false],
      ["360p", 360, 30, "h264", false, false],
      ["160p", 160, 30, "h264", false, false],
      ["audio_only", null, null, "aac", false, true],
    ]);
    expect(variants[1]?.uri).toBe("https://euw32.playlist.ttvnw.net/v1/playlist/chunked.m3u8");
  });

  test("v2: names from IVS-NAME, source from IVS-VARIANT-SOURCE, HEVC above 1080p read fully", async () => {
    const variants = parseMasterPlaylist(await fixture("master-v2-enhanced.m3u8"), BASE);
    expect(variants.map((v) => [v.name, v.height, v.codec, v.source])).toEqual([
      ["1440p60", 1440, "h265", true],
      ["1080p60", 1080, "h265", false],
      ["1080p60", 1080, "h264", false],
      ["720p60", 720, "h264", false],
      ["audio_only", null, "aac", false],
    ]);
  });

  test("relative variant URIs resolve against the playlist URL", () => {
    const text =
      '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=640x360,CODECS="avc1.4D401E"\nlow/index.m3u8\n';
    expect(parseMasterPlaylist(text, BASE)[0]?.uri).toBe(
      "https://usher.ttvnw.net/api/channel/hls/low/index.m3u8",
    );
  });

  test.each([
    ["an HTML error page", "<html>offline</html>", /not an M3U8 document/],
    ["no variants", "#EXTM3U\n", /no variants/],
  ])("refuses %s", (_name, text, message) => {
    expect(() => parseMasterPlaylist(text, BASE)).toThrow(PlaylistError);
    expect(() => parseMasterPlaylist(text, BASE)).toThrow(message);
  });
});
