import { describe, expect, test } from "bun:test";
import type { ProbeResult } from "../media/ffprobe.ts";
import { needsHealing } from "./part-finisher.ts";

const probe = (format: number, video: number | null, audio: number | null = null): ProbeResult => ({
  durationSeconds: format,
  formatName: "mov,mp4",
  video: video === null ? null : { codec: "h264", width: 1, height: 1, fps: 30, durationSeconds: video },
  audio: audio === null ? null : { codec: "aac", sampleRate: 48000, channels: 2, durationSeconds: audio },
});

describe("needsHealing", () => {
  test.each([
    ["agreeing durations", probe(3600, 3599.9), false],
    ["a container 51 s longer than its video", probe(3651, 3600), true],
    ["a container far shorter than its video", probe(100, 3600), true],
    ["audio only, agreeing", probe(600, null, 600.02), false],
    ["no stream durations at all", probe(600, null, null), false],
  ])("%s → %p", (_name, info, expected) => {
    expect(needsHealing(info)).toBe(expected);
  });
});
