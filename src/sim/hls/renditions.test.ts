import { describe, expect, test } from "bun:test";
import { displayName, h264ProfileLevel, offeredVariants, parseRendition, variantFor } from "./renditions.ts";
import { testSession } from "./test-session.ts";

const H264_ONLY = { supportedCodecs: ["h264"], allowSource: true, allowAudioOnly: true };
const ALL_CODECS = { supportedCodecs: ["av1", "h265", "h264"], allowSource: true, allowAudioOnly: true };

describe("renditions", () => {
  test.each([
    ["1080p60", { width: 1920, height: 1080, fps: 60, audioOnly: false }],
    ["480p30", { width: 852, height: 480, fps: 30, audioOnly: false }],
    ["160p30", { width: 284, height: 160, fps: 30, audioOnly: false }],
    ["1440p60", { width: 2560, height: 1440, fps: 60, audioOnly: false }],
    ["540p30", { width: 960, height: 540, fps: 30, audioOnly: false }],
    ["audio_only", { width: 0, height: 0, fps: 0, audioOnly: true }],
  ])("%s has Twitch's frame size and rate", (name, shape) => {
    expect(parseRendition(name)).toMatchObject(shape);
  });

  test.each([
    ["1080p60", "1080p60"],
    ["720p60", "720p60"],
    ["480p30", "480p"],
    ["audio_only", "audio_only"],
  ])("%s is shown as %s", (name, shown) => {
    expect(displayName(parseRendition(name))).toBe(shown);
  });

  test("an H.264 channel offers its whole ladder with the top rung as source and realistic codecs", () => {
    const variants = offeredVariants(testSession(), H264_ONLY);
    expect(variants.map((v) => [v.shape.name, v.source, v.codecs, v.format])).toEqual([
      ["1080p60", true, "avc1.64002A,mp4a.40.2", "ts"],
      ["720p60", false, "avc1.4D401F,mp4a.40.2", "ts"],
      ["480p30", false, "avc1.4D401E,mp4a.40.2", "ts"],
      ["360p30", false, "avc1.4D401E,mp4a.40.2", "ts"],
      ["160p30", false, "avc1.4D400C,mp4a.40.2", "ts"],
      ["audio_only", false, "mp4a.40.2", "ts"],
    ]);
    expect(variants.map((v) => v.bandwidth)).toEqual([6159999, 3459999, 1459999, 709999, 339999, 160000]);
  });

  test("the source bitrate follows the session's bitrate_kbps; transcodes keep theirs", () => {
    const variants = offeredVariants(testSession({ bitrate_kbps: 8000 }), H264_ONLY);
    expect(variants[0]?.videoKbps).toBe(8000);
    expect(variants[1]?.videoKbps).toBe(3300);
  });

  test.each([
    ["hevc", ["h264"], ["720p60", "480p30", "audio_only"]],
    ["hevc", ["h265", "h264"], ["1440p60", "720p60", "480p30", "audio_only"]],
    ["av1", ["h265", "h264"], ["720p60", "480p30", "audio_only"]],
    ["av1", ["av1", "h264"], ["1440p60", "720p60", "480p30", "audio_only"]],
  ] as const)("a %s channel offered to a client supporting %p lists %p", (codec, supported, names) => {
    const session = testSession({
      codec,
      format: "fmp4",
      ladder: ["1440p60", "720p60", "480p30", "audio_only"],
    });
    const offered = offeredVariants(session, { ...H264_ONLY, supportedCodecs: supported });
    expect(offered.map((v) => v.shape.name)).toEqual([...names]);
  });

  test("enhanced rungs are HEVC/AV1 fMP4 and the rungs below stay avc1 in the session's format", () => {
    const session = testSession({
      codec: "hevc",
      format: "fmp4",
      ladder: ["1440p60", "1080p60", "audio_only"],
    });
    const [top, below] = offeredVariants(session, ALL_CODECS);
    expect(top).toMatchObject({
      source: true,
      videoCodec: "hevc",
      codecs: "hev1.1.6.L150.90.0.0.0.0.0,mp4a.40.2",
    });
    expect(below).toMatchObject({
      source: false,
      videoCodec: "h264",
      codecs: "avc1.64002A,mp4a.40.2",
      format: "fmp4",
    });
    const av1 = variantFor({ ...session, codec: "av1" }, "1440p60");
    expect(av1?.codecs).toBe("av01.0.12M.08,mp4a.40.2");
  });

  test.each([
    ["allow_source=false", { allowSource: false }, ["720p60", "480p30", "360p30", "160p30", "audio_only"]],
    [
      "allow_audio_only=false",
      { allowAudioOnly: false },
      ["1080p60", "720p60", "480p30", "360p30", "160p30"],
    ],
  ])("usher's %s drops that variant", (_name, flags, names) => {
    expect(offeredVariants(testSession(), { ...H264_ONLY, ...flags }).map((v) => v.shape.name)).toEqual(
      names,
    );
  });

  test.each([
    ["avc1.64002A", "high", "4.2"],
    ["avc1.4D401F", "main", "3.1"],
    ["avc1.4D400C", "main", "1.2"],
    ["avc1.42E01E", "baseline", "3.0"],
  ])("%s encodes with x264 profile %s, level %s", (codec, profile, level) => {
    expect(h264ProfileLevel(codec)).toEqual({ profile, level });
  });

  test("a rung name that is not <height>p<fps> is refused by name", () => {
    expect(() => parseRendition("best")).toThrow(/rendition best/);
  });
});
