import { describe, expect, test } from "bun:test";
import { testSession, testVariant } from "../hls/test-session.ts";
import { alignmentUnit, poolEntries, poolKey, poolName, poolSpecFor } from "./pool-spec.ts";

describe("media pool spec", () => {
  test.each([
    // seconds, fps, unit: the smallest segment count that is whole in frames and in 1024-sample AAC frames
    [2, 60, 4],
    [2, 30, 4],
    [1, 60, 8],
    [0.5, 30, 16],
    [0.25, 30, 32],
    [0.25, 0, 32],
  ])("%ss segments at %i fps align every %i segments", (seconds, fps, unit) => {
    expect(alignmentUnit(seconds, fps)).toBe(unit);
  });

  test.each([
    ["content", 2, 60, 16],
    ["content", 0.5, 30, 48],
    ["content", 0.25, 30, 96],
    ["content", 10, 60, 12],
    ["ad", 2, 60, 4],
    ["ad", 0.5, 30, 16],
  ] as const)("a %s pool of %ss segments at %i fps has %i entries", (kind, seconds, fps, entries) => {
    expect(poolEntries(kind, seconds, fps)).toBe(entries);
  });

  test("the spec follows the variant, and its key changes with anything that changes the media", () => {
    const session = testSession({ bitrate_kbps: 6000 });
    const spec = poolSpecFor(testVariant(session, "1080p60"), "content", 2);
    expect(spec).toMatchObject({
      kind: "content",
      label: "1080p60",
      video: { codec: "h264", codecString: "avc1.64002A", width: 1920, height: 1080, fps: 60, kbps: 6000 },
      format: "ts",
      entries: 16,
    });
    expect(poolName(spec)).toBe("content-1080p60-h264-6000k-ts-2s");
    expect(poolKey(spec)).toBe(poolKey({ ...spec }));
    expect(poolKey({ ...spec, kind: "ad" })).not.toBe(poolKey(spec));
    expect(poolKey({ ...spec, segmentSeconds: 0.5 })).not.toBe(poolKey(spec));
    expect(poolSpecFor(testVariant(session, "audio_only"), "content", 2).video).toBeNull();
  });
});
