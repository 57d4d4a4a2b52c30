import { describe, expect, test } from "bun:test";
import {
  atLiveEdge,
  liveStart,
  liveTimeline,
  type PlayerMode,
  playerMode,
  pollWhileRecording,
  seekableEnd,
  type VideoStatus,
  type WatchableVideo,
  watchNotice,
} from "./live";

const finished = (part_index: number, duration_seconds: number) => ({
  part_index,
  duration_seconds,
  finalized_at: "2026-12-06T20:00:00Z",
});
const open = (part_index: number) => ({ part_index, duration_seconds: 0, finalized_at: null });
const video = (over: Partial<WatchableVideo>): WatchableVideo => ({
  status: "DONE",
  deleted_at: null,
  completion_kind: "complete",
  parts: [finished(1, 60)],
  ...over,
});

describe("which player a video gets, and what the page says about it", () => {
  test.each<[string, Partial<WatchableVideo>, PlayerMode | null, PlayerMode, ReturnType<typeof watchNotice>]>(
    [
      ["recording, a part being written", { status: "RUNNING", parts: [open(1)] }, null, "hls", null],
      ["recording, between parts", { status: "RUNNING", parts: [finished(1, 60)] }, null, "hls", null],
      ["starting, nothing recorded yet", { status: "PENDING", parts: [] }, null, "none", "notReady"],
      ["done", {}, null, "parts", null],
      ["done while watched live: stays on the playlist", {}, "hls", "hls", null],
      [
        "stopped by hand (FAILED, cancelled), with a finished part: plays, says so",
        { status: "FAILED", completion_kind: "cancelled" },
        null,
        "parts",
        "cancelled",
      ],
      ["cancelled and DONE: plays, says so", { completion_kind: "cancelled" }, null, "parts", "cancelled"],
      ["failed with a finished part: plays, says so", { status: "FAILED" }, null, "parts", "failed"],
      ["failed without a finished part", { status: "FAILED", parts: [open(1)] }, null, "none", "failed"],
      ["done without a part", { parts: [] }, null, "none", "notReady"],
      ["removed", { deleted_at: "2026-12-07T00:00:00Z" }, "hls", "none", "removed"],
    ],
  )("%s", (_, over, previous, mode, notice) => {
    const v = video(over);
    expect(playerMode(v, previous)).toBe(mode);
    expect(watchNotice(v, mode)).toBe(notice);
  });
});

describe("where a live visit starts", () => {
  test.each([
    ["a deep link wins", { deepLink: 90, saved: 300, completed: false }, 90],
    ["a deep link to the start", { deepLink: 0, saved: 300, completed: false }, 0],
    ["the saved position", { deepLink: undefined, saved: 300, completed: false }, 300],
    [
      "a saved position in the first seconds: live",
      { deepLink: undefined, saved: 4, completed: false },
      "live",
    ],
    ["watched to the end before: live", { deepLink: undefined, saved: 300, completed: true }, "live"],
    ["a first visit: live", { deepLink: undefined, saved: null, completed: false }, "live"],
  ] as const)("%s", (_, opts, expected) => {
    expect(liveStart(opts)).toBe(expected);
  });
});

describe("the live timeline", () => {
  test("finished parts at their durations, the part being written up to what is seekable", () => {
    expect(liveTimeline([open(3), finished(1, 60), finished(2, 30)], 130)).toEqual({
      spans: [
        { partNumber: 1, start: 0, end: 60 },
        { partNumber: 2, start: 60, end: 90 },
        { partNumber: 3, start: 90, end: 130 },
      ],
      total: 130,
    });
  });

  test("before the player knows how much is seekable, the finished parts still count", () => {
    expect(liveTimeline([finished(1, 60), open(2)], 0).total).toBe(60);
  });

  test("between parts (the rejoin window), the last finished part reaches the seekable end", () => {
    expect(liveTimeline([finished(1, 60)], 61.5).spans).toEqual([{ partNumber: 1, start: 0, end: 61.5 }]);
  });
});

describe("the live edge", () => {
  test.each([
    [100, 100, true],
    [91, 100, true],
    [89, 100, false],
    [0, null, true],
  ])("at %p s with the edge at %p s: live %p", (position, edge, live) => {
    expect(atLiveEdge(position, edge)).toBe(live);
  });

  test("the seekable end is the end of the last range", () => {
    const ranges = (ends: number[]) => ({ length: ends.length, end: (i: number) => ends[i] as number });
    expect(seekableEnd(ranges([]))).toBe(0);
    expect(seekableEnd(ranges([12.5, 40]))).toBe(40);
  });
});

describe("following a video while it records", () => {
  test.each<[VideoStatus | undefined, number | false]>([
    ["PENDING", 5000],
    ["RUNNING", 5000],
    ["DONE", false],
    ["FAILED", false],
    [undefined, false],
  ])("%p → %p", (status, interval) => {
    expect(pollWhileRecording(status, 5000)).toBe(interval);
  });
});
