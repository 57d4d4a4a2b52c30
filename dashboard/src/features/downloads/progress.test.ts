import { describe, expect, test } from "bun:test";
import { extrapolatedSeconds, gapRatio, runningRecordingOf } from "./progress";

test.each([
  {
    name: "recording ticks with the wall clock",
    stage: "recording",
    offset: 100,
    elapsedMs: 3000,
    expected: 103,
  },
  { name: "no time passed", stage: "recording", offset: 100, elapsedMs: 0, expected: 100 },
  { name: "capped when pushes stop", stage: "recording", offset: 100, elapsedMs: 60_000, expected: 115 },
  {
    name: "a clock behind the push does not go backwards",
    stage: "recording",
    offset: 100,
    elapsedMs: -5000,
    expected: 100,
  },
  { name: "waiting stands still", stage: "waiting", offset: 0, elapsedMs: 5000, expected: 0 },
  { name: "finishing stands still", stage: "finishing", offset: 3600, elapsedMs: 5000, expected: 3600 },
  { name: "rejoin wait stands still", stage: "rejoin-wait", offset: 50, elapsedMs: 5000, expected: 50 },
] as const)("$name", ({ stage, offset, elapsedMs, expected }) => {
  expect(extrapolatedSeconds({ stage, media_offset_seconds: offset }, 1000, 1000 + elapsedMs)).toBe(expected);
});

test.each([
  [0, 0, 0],
  [90, 10, 0.1],
  [0, 5, 1],
])("gapRatio(%p done, %p gaps) = %p", (done, gaps, expected) => {
  expect(gapRatio(done, gaps)).toBe(expected);
});

describe("runningRecordingOf", () => {
  const rows = [
    { job_id: "a", video: { id: 7, broadcaster_id: "100" } },
    { job_id: "b", video: null },
    { job_id: "c", video: { id: 9, broadcaster_id: "200" } },
  ];
  test.each<[string, { jobId: string; videoId: number } | null]>([
    ["100", { jobId: "a", videoId: 7 }],
    ["200", { jobId: "c", videoId: 9 }],
    ["300", null],
  ])("channel %p → %p", (channel, expected) => {
    expect(runningRecordingOf(rows, channel)).toEqual(expected);
  });

  test("before the list has loaded, nothing is known to be running", () => {
    expect(runningRecordingOf(undefined, "100")).toBeNull();
  });
});
