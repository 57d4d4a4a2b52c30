import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computeWaveform, waveformPoints } from "./waveform.ts";

describe("waveform", () => {
  test("a tone that stops half way: loud peaks, then silent ones", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "replayd-wave-")), "tone.m4a");
    const proc = Bun.spawn([
      "ffmpeg",
      "-nostdin",
      "-v",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      "sine=frequency=440:sample_rate=48000:duration=4",
      "-f",
      "lavfi",
      "-i",
      "anullsrc=r=48000:cl=mono:d=4",
      "-filter_complex",
      "[0:a][1:a]concat=n=2:v=0:a=1",
      "-c:a",
      "aac",
      file,
    ]);
    expect(await proc.exited).toBe(0);
    const wave = await computeWaveform(file, 8);
    expect(wave.peaks).toHaveLength(64);
    const first = wave.peaks.slice(2, 30);
    const last = wave.peaks.slice(34, 62);
    expect(Math.min(...first)).toBeGreaterThan(0.05);
    expect(Math.max(...last)).toBeLessThan(0.01);
  }, 30_000);

  test.each([
    [1, 64],
    [60, 480],
    [14_400, 1600],
  ])("%p s of audio gets %p points", (seconds, points) => {
    expect(waveformPoints(seconds)).toBe(points);
  });
});
