import { describe, expect, test } from "bun:test";
import { type MasterInput, renderMasterPlaylist } from "./master-playlist.render.ts";
import { offeredVariants } from "./renditions.ts";
import { testSession } from "./test-session.ts";

const info: MasterInput["info"] = {
  node: "sim-edge.local",
  serverTimeMs: 1_776_000_107_200,
  userIp: "127.0.0.1",
  servingId: "1806582e7ac441c88ce186ae6adff629",
  videoSessionId: "907688679696931402",
  broadcastId: "41234567890",
  streamTimeSecs: 19689.197851,
  userCountry: "US",
  enhanced: false,
  edgeHint: "aHR0cDovL3NpbQ",
};

const variants = offeredVariants(testSession({ ladder: ["1080p60", "480p30", "audio_only"] }), {
  supportedCodecs: ["h264"],
  allowSource: true,
  allowAudioOnly: true,
}).map((variant) => ({ variant, uri: `https://sim/v1/playlist/${variant.shape.name}.m3u8` }));

describe("usher master playlists", () => {
  test("v1 names the source chunked / '(source)' and gives audio_only no resolution", () => {
    const text = renderMasterPlaylist({ version: "v1", withMediaTags: false, info, variants });
    const [, twitchInfo, ...rest] = text.trimEnd().split("\n");
    expect(twitchInfo).toStartWith(
      '#EXT-X-TWITCH-INFO:NODE="sim-edge.local",MANIFEST-NODE-TYPE="weaver_cluster",MANIFEST-NODE="sim-weaver.local",SUPPRESS="true",SERVER-TIME="1776000107.20",TRANSCODESTACK="2024-Transcode-ELT-V1",TRANSCODEMODE="cbr_v1",USER-IP="127.0.0.1",',
    );
    expect(twitchInfo).toContain(
      'BROADCAST-ID="41234567890",STREAM-TIME="19689.197851",B="false",USER-COUNTRY="US"',
    );
    expect(rest).toEqual([
      '#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="chunked",NAME="1080p60 (source)",AUTOSELECT=YES,DEFAULT=YES',
      '#EXT-X-STREAM-INF:BANDWIDTH=6159999,RESOLUTION=1920x1080,CODECS="avc1.64002A,mp4a.40.2",VIDEO="chunked",FRAME-RATE=60.000',
      "https://sim/v1/playlist/1080p60.m3u8",
      '#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="480p30",NAME="480p",AUTOSELECT=YES,DEFAULT=YES',
      '#EXT-X-STREAM-INF:BANDWIDTH=1459999,RESOLUTION=852x480,CODECS="avc1.4D401E,mp4a.40.2",VIDEO="480p30",FRAME-RATE=30.000',
      "https://sim/v1/playlist/480p30.m3u8",
      '#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="audio_only",NAME="audio_only",AUTOSELECT=NO,DEFAULT=NO',
      '#EXT-X-STREAM-INF:BANDWIDTH=160000,CODECS="mp4a.40.2",VIDEO="audio_only"',
      "https://sim/v1/playlist/audio_only.m3u8",
    ]);
  });

  test("v2 carries SESSION-DATA and puts the names on STREAM-INF", () => {
    const lines = renderMasterPlaylist({ version: "v2", withMediaTags: false, info, variants })
      .trimEnd()
      .split("\n");
    expect(lines.filter((l) => l.startsWith("#EXT-X-SESSION-DATA")).slice(0, 2)).toEqual([
      '#EXT-X-SESSION-DATA:DATA-ID="NODE",VALUE="sim-edge.local"',
      '#EXT-X-SESSION-DATA:DATA-ID="MANIFEST-NODE-TYPE",VALUE="weaver_cluster"',
    ]);
    expect(lines).toContain('#EXT-X-SESSION-DATA:DATA-ID="BROADCAST-ID",VALUE="41234567890"');
    expect(lines.some((l) => l.startsWith("#EXT-X-MEDIA") || l.startsWith("#EXT-X-TWITCH-INFO"))).toBe(false);
    expect(lines.filter((l) => l.startsWith("#EXT-X-STREAM-INF"))).toEqual([
      '#EXT-X-STREAM-INF:BANDWIDTH=6159999,RESOLUTION=1920x1080,CODECS="avc1.64002A,mp4a.40.2",FRAME-RATE=60.000,STABLE-VARIANT-ID="1080p60",IVS-NAME="1080p60",IVS-VARIANT-SOURCE="source"',
      '#EXT-X-STREAM-INF:BANDWIDTH=1459999,RESOLUTION=852x480,CODECS="avc1.4D401E,mp4a.40.2",FRAME-RATE=30.000,STABLE-VARIANT-ID="480p30",IVS-NAME="480p",IVS-VARIANT-SOURCE="transcode"',
      '#EXT-X-STREAM-INF:BANDWIDTH=160000,CODECS="mp4a.40.2",STABLE-VARIANT-ID="audio_only",IVS-NAME="audio_only",IVS-VARIANT-SOURCE="transcode"',
    ]);
  });

  test("v2 with media tags keeps v1's EXT-X-MEDIA lines under SESSION-DATA", () => {
    const text = renderMasterPlaylist({ version: "v2", withMediaTags: true, info, variants });
    expect(text).toContain('#EXT-X-SESSION-DATA:DATA-ID="NODE"');
    expect(text).toContain('#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="chunked",NAME="1080p60 (source)"');
    expect(text).not.toContain("IVS-NAME");
  });

  test("an enhanced broadcast says so in TWITCH-INFO", () => {
    const text = renderMasterPlaylist({
      version: "v1",
      withMediaTags: false,
      info: { ...info, enhanced: true },
      variants,
    });
    expect(text).toContain('TRANSCODESTACK="transmux",CHANNEL-METADATA="enhanced_broadcast"');
  });
});
