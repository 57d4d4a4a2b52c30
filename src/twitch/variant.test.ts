import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { parseMasterPlaylist, type Variant } from "../hls/master-playlist.ts";
import { type CodecPolicy, NoVariantError, type Quality, selectVariant, variantLabel } from "./variant.ts";

const fixture = (name: string) =>
  Bun.file(join(import.meta.dir, "..", "hls", "fixtures", name))
    .text()
    .then((text) => parseMasterPlaylist(text, "https://usher.example/x.m3u8"));

const open: CodecPolicy = { forceH264: false, enableAv1: false, disableHevc: false };
const pick = (variants: Variant[], quality: Quality, policy: Partial<CodecPolicy> = {}) => {
  const v = selectVariant(variants, quality, { ...open, ...policy });
  return `${v.name} ${v.codec}`;
};

describe("selectVariant", () => {
  test.each([
    ["source", "1080p60 h264"],
    ["1080p", "1080p60 h264"],
    ["720p", "720p60 h264"],
    ["480p", "480p h264"],
    ["360p", "360p h264"],
    ["audio_only", "audio_only aac"],
  ] as [Quality, string][])("an H.264 ladder: %s → %s", async (quality, expected) => {
    expect(pick(await fixture("master-v1.m3u8"), quality)).toBe(expected);
  });

  test.each([
    ["source", {}, "1440p60 h265"],
    ["source", { disableHevc: true }, "1080p60 h264"],
    ["source", { forceH264: true }, "1080p60 h264"],
    ["1080p", {}, "1080p60 h265"],
    ["1080p", { forceH264: true }, "1080p60 h264"],
    ["720p", {}, "720p60 h264"],
    ["480p", {}, "720p60 h264"],
  ] as [Quality, Partial<CodecPolicy>, string][])(
    "an enhanced HEVC ladder: %s with %p → %s (source never stops at 1080p; below the ladder, the nearest above)",
    async (quality, policy, expected) => {
      expect(pick(await fixture("master-v2-enhanced.m3u8"), quality, policy)).toBe(expected);
    },
  );

  test("AV1 is chosen only when enabled", () => {
    const av1: Variant = {
      name: "1440p60",
      height: 1440,
      width: 2560,
      fps: 60,
      codec: "av1",
      codecs: "av01.0.12M.08,mp4a.40.2",
      bandwidth: 8e6,
      source: true,
      audioOnly: false,
      uri: "https://x/av1.m3u8",
    };
    const h264 = { ...av1, name: "1080p60", height: 1080, codec: "h264" as const, source: false };
    expect(pick([av1, h264], "source")).toBe("1080p60 h264");
    expect(pick([av1, h264], "source", { enableAv1: true })).toBe("1440p60 av1");
  });

  test("no audio rendition, or nothing the policy allows, is a clear error", async () => {
    const video = (await fixture("master-v1.m3u8")).filter((v) => !v.audioOnly);
    expect(() => selectVariant(video, "audio_only", open)).toThrow(NoVariantError);
    const hevcOnly = (await fixture("master-v2-enhanced.m3u8")).filter((v) => v.codec === "h265");
    expect(() => selectVariant(hevcOnly, "source", { ...open, disableHevc: true })).toThrow(/codec policy/);
  });

  test.each([
    ["1080p60", 1080, 60, false, "1080p60"],
    ["720p", 720, 30, false, "720p"],
    ["audio_only", null, null, true, "audio_only"],
  ])("label of %s", (name, height, fps, audioOnly, label) => {
    const v = { name, height, fps, audioOnly } as Variant;
    expect(variantLabel(v)).toBe(label);
  });
});
