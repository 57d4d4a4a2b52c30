import { describe, expect, test } from "bun:test";
import { gapRatio, runningRecordingOf } from "./progress";

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
