import { expect, test } from "bun:test";
import { extrapolatedSeconds, gapRatio } from "./progress";

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
