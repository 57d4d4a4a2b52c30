import { describe, expect, test } from "bun:test";
import { ProgressReader, progressSeconds } from "./ffmpeg-progress.ts";

describe("progressSeconds", () => {
  test.each([
    ["out_time_us=8018667", 8.018667],
    ["out_time_us=0", 0],
    ["out_time_us=-23000", 0],
    ["out_time_us=N/A", null],
    ["out_time=00:01:02.500000", 62.5],
    ["out_time=-00:00:00.023000", 0],
    ["out_time=N/A", null],
    // Microseconds despite its name: never read.
    ["out_time_ms=8018667", null],
    ["total_size=403286", null],
    ["progress=end", null],
    ["garbage", null],
  ])("%s → %p", (line, seconds) => {
    expect(progressSeconds(line)).toBe(seconds);
  });
});

describe("ProgressReader", () => {
  test("lines split across chunks, out of order values and the end without a newline", () => {
    const seen: number[] = [];
    const reader = new ProgressReader(10, (f) => seen.push(f));
    reader.push("frame=1\nout_time_us=25");
    reader.push("00000\nprogress=continue\nout_time_us=1000000\n");
    reader.push("out_time_us=5000000\r\nout_time_us=12000000");
    reader.end();
    expect(seen).toEqual([0.25, 0.5, 1]);
  });

  test("an unknown total reports nothing", () => {
    const seen: number[] = [];
    const reader = new ProgressReader(0, (f) => seen.push(f));
    reader.push("out_time_us=5000000\n");
    expect(seen).toEqual([]);
  });
});
