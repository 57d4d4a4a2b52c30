import { describe, expect, test } from "bun:test";
import { videoDetail, videoPart } from "../../tests/support/video-fixture.ts";
import type { VideoDetail } from "../domain/videos.ts";
import { type CacheSettings, planBuild, settingsRefusal } from "./plan.ts";

const on: CacheSettings = {
  playback_cache_enabled: true,
  playback_cache_max_percent: 10,
  playback_cache_auto_generate: true,
};

describe("settingsRefusal", () => {
  test.each([
    ["on, opened", on, "open", null],
    ["on, asked", on, "request", null],
    ["off", { ...on, playback_cache_enabled: false }, "request", /is off/],
    ["0 %", { ...on, playback_cache_max_percent: 0 }, "request", /size limit is 0 %/],
    ["no first-play builds, opened", { ...on, playback_cache_auto_generate: false }, "open", /first play/],
    // Someone asking by hand does not need "generate on first play".
    ["no first-play builds, asked", { ...on, playback_cache_auto_generate: false }, "request", null],
  ] as const)("%s", (_, settings, trigger, expected) => {
    const refusal = settingsRefusal(settings, trigger);
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toMatch(expected);
  });
});

const two = (over: Partial<VideoDetail> = {}) =>
  videoDetail({ parts: [videoPart(1), videoPart(2, { duration_seconds: 30, size_bytes: 500 })], ...over });

describe("planBuild", () => {
  test("two finished, matching parts: one MP4 beside them, sized and timed as their sum", () => {
    expect(planBuild(two())).toEqual({
      kind: "build",
      parts: [videoPart(1), videoPart(2, { duration_seconds: 30, size_bytes: 500 })],
      key: "videos/chan-42-playback.mp4",
      filename: "chan-42-playback.mp4",
      mimeType: "video/mp4",
      estimatedBytes: 1500,
      totalSeconds: 90,
    });
  });

  test("parts listed out of order are joined in order; audio-only parts make an .m4a", () => {
    const audio = { codec: "aac" as const, quality: "audio_only", fps: null };
    const plan = planBuild(
      videoDetail({
        parts: [
          videoPart(2, { ...audio, filename: "a-part02.m4a" }),
          videoPart(1, { ...audio, filename: "a-part01.m4a" }),
        ],
      }),
    );
    expect(plan.kind === "build" && [plan.parts.map((p) => p.part_index), plan.key, plan.mimeType]).toEqual([
      [1, 2],
      "videos/chan-42-playback.m4a",
      "audio/mp4",
    ]);
  });

  test.each([
    ["removed", two({ deleted_at: "2025-02-01T00:00:00.000Z" }), /removed/],
    ["still recording", two({ status: "RUNNING" }), /not finished/],
    ["failed", two({ status: "FAILED" }), /not finished/],
    ["one part", videoDetail({ parts: [videoPart(1)] }), /single file already/],
    ["no part", videoDetail({ parts: [] }), /single file already/],
  ])("nothing to build: %s", (_, video, reason) => {
    const plan = planBuild(video);
    expect(plan.kind).toBe("skip");
    expect(plan.kind === "skip" && plan.reason).toMatch(reason);
  });

  test.each([
    ["a hole in the numbering", [videoPart(1), videoPart(3)], /part 2 is missing/],
    ["an unfinished part", [videoPart(1), videoPart(2, { finalized_at: null })], /part 2 was never finished/],
    [
      "another codec",
      [videoPart(1), videoPart(2, { codec: "h265" })],
      /part 2 differs .* codec \(h265, not h264\)/,
    ],
    ["another quality", [videoPart(1), videoPart(2, { quality: "720p" })], /quality \(720p, not 1080p\)/],
    ["another frame rate", [videoPart(1), videoPart(2, { fps: 30 })], /frame rate \(30, not 60\)/],
    ["another segment format", [videoPart(1), videoPart(2, { segment_format: "fmp4" })], /segment format/],
    [
      "another container",
      [videoPart(1), videoPart(2, { filename: "x-part02.m4a" })],
      /container \(m4a, not mp4\)/,
    ],
    ["not MP4 at all", [videoPart(1, { filename: "x.ts" }), videoPart(2, { filename: "y.ts" })], /\.ts file/],
  ])("cannot be joined by a copy: %s", (_, parts, reason) => {
    const plan = planBuild(videoDetail({ parts }));
    expect(plan.kind).toBe("unavailable");
    expect(plan.kind === "unavailable" && plan.reason).toMatch(reason);
  });
});
