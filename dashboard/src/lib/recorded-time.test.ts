import { describe, expect, test } from "bun:test";
import { recordedSeconds, videoSeconds } from "./recorded-time";

describe("recordedSeconds", () => {
  test.each([
    {
      name: "recording ticks with the wall clock",
      stage: "recording",
      offset: 100,
      elapsedMs: 3000,
      expected: 103,
    },
    { name: "no time passed", stage: "recording", offset: 100, elapsedMs: 0, expected: 100 },
    { name: "capped when reports stop", stage: "recording", offset: 100, elapsedMs: 60_000, expected: 115 },
    {
      name: "a clock behind the report does not go backwards",
      stage: "recording",
      offset: 100,
      elapsedMs: -5000,
      expected: 100,
    },
    { name: "waiting stands still", stage: "waiting", offset: 0, elapsedMs: 5000, expected: 0 },
    { name: "finishing stands still", stage: "finishing", offset: 3600, elapsedMs: 5000, expected: 3600 },
    { name: "rejoin wait stands still", stage: "rejoin-wait", offset: 50, elapsedMs: 5000, expected: 50 },
  ] as const)("$name", ({ stage, offset, elapsedMs, expected }) => {
    expect(recordedSeconds({ stage, media_offset_seconds: offset }, 1000, 1000 + elapsedMs)).toBe(expected);
  });
});

describe("videoSeconds: one duration for a video, wherever it is shown", () => {
  // A video recording its second part: part 1 (300 s) is finished and stored; 60 s of part 2 so far.
  const running = { sample: { stage: "recording", media_offset_seconds: 360 } as const, receivedAt: 1000 };
  test.each([
    {
      name: "a running video counts its open part (6:00, not the stored 5:00)",
      video: { status: "RUNNING", duration_seconds: 300 },
      progress: running,
      now: 1000,
      expected: 360,
    },
    {
      name: "and ticks between reports",
      video: { status: "RUNNING", duration_seconds: 300 },
      progress: running,
      now: 3000,
      expected: 362,
    },
    {
      name: "before its first part ends it still has a length",
      video: { status: "RUNNING", duration_seconds: null },
      progress: { sample: { stage: "recording", media_offset_seconds: 14 } as const, receivedAt: 0 },
      now: 0,
      expected: 14,
    },
    {
      name: "a report behind the stored parts never shortens it",
      video: { status: "RUNNING", duration_seconds: 300 },
      progress: { sample: { stage: "waiting", media_offset_seconds: 0 } as const, receivedAt: 0 },
      now: 0,
      expected: 300,
    },
    {
      name: "a running video without a report (another server's) reads its row",
      video: { status: "RUNNING", duration_seconds: 300 },
      progress: null,
      now: 0,
      expected: 300,
    },
    {
      name: "a finished video reads its row, whatever a stale report says",
      video: { status: "DONE", duration_seconds: 365 },
      progress: running,
      now: 0,
      expected: 365,
    },
    {
      name: "nothing stored yet",
      video: { status: "PENDING", duration_seconds: null },
      progress: null,
      now: 0,
      expected: null,
    },
  ] as const)("$name", ({ video, progress, now, expected }) => {
    expect(videoSeconds(video, progress, now)).toBe(expected);
  });
});
