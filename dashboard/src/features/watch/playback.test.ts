import { describe, expect, test } from "bun:test";
import {
  buildTimeline,
  linkAtTime,
  locate,
  nextPartIndex,
  parseTimeParam,
  playbackSource,
  seekPlan,
  startPosition,
  toGlobal,
} from "./playback";

// Parts given out of order on purpose: the timeline sorts them.
const timeline = buildTimeline([
  { part_index: 2, duration_seconds: 50 },
  { part_index: 1, duration_seconds: 100 },
  { part_index: 3, duration_seconds: 25 },
]);

test("parts are laid end to end in part order", () => {
  expect(timeline).toEqual({
    spans: [
      { partNumber: 1, start: 0, end: 100 },
      { partNumber: 2, start: 100, end: 150 },
      { partNumber: 3, start: 150, end: 175 },
    ],
    total: 175,
  });
});

describe("locate", () => {
  test.each([
    { t: 0, part: 1, local: 0 },
    { t: 99.5, part: 1, local: 99.5 },
    { t: 100, part: 2, local: 0 },
    { t: 120, part: 2, local: 20 },
    { t: 174, part: 3, local: 24 },
    { t: 175, part: 3, local: 25 },
    { t: 500, part: 3, local: 25 },
    { t: -3, part: 1, local: 0 },
    { t: Number.NaN, part: 1, local: 0 },
  ])("global $t s is part $part at $local s", ({ t, part, local }) => {
    expect(locate(timeline, t)).toMatchObject({ partNumber: part, localSeconds: local });
  });

  test("a recording without parts has nowhere to play", () => {
    expect(locate(buildTimeline([]), 10)).toBeNull();
  });

  test("locate and toGlobal are inverse", () => {
    for (const t of [0, 42, 100, 149.9, 160]) {
      const at = locate(timeline, t);
      expect(at && toGlobal(timeline, at.index, at.localSeconds)).toBe(t);
    }
  });
});

describe("seekPlan: one timeline over every part", () => {
  // Part 1 is 0–100 s, part 2 100–150 s, part 3 150–175 s (see `timeline` above).
  test.each([
    { from: 0, to: 42, part: 1, local: 42, loads: false, global: 42 },
    { from: 0, to: 120, part: 2, local: 20, loads: true, global: 120 },
    { from: 0, to: 100, part: 2, local: 0, loads: true, global: 100 },
    { from: 1, to: 99, part: 1, local: 99, loads: true, global: 99 },
    { from: 1, to: 149, part: 2, local: 49, loads: false, global: 149 },
    { from: 2, to: 10, part: 1, local: 10, loads: true, global: 10 },
    { from: 0, to: 174.5, part: 3, local: 24.5, loads: true, global: 174.5 },
    { from: 0, to: 9999, part: 3, local: 25, loads: true, global: 175 },
    { from: 1, to: -5, part: 1, local: 0, loads: true, global: 0 },
  ])("from part index $from, $to s is part $part at $local s (loads a part: $loads)", (row) => {
    expect(seekPlan(timeline, row.from, row.to)).toMatchObject({
      partNumber: row.part,
      localSeconds: row.local,
      loadsPart: row.loads,
      global: row.global,
    });
  });

  test("nothing to seek in a recording without parts", () => {
    expect(seekPlan(buildTimeline([]), 0, 10)).toBeNull();
  });
});

test.each([
  [0, 1],
  [1, 2],
  [2, null],
])("after part index %p comes %p", (index, next) => {
  expect(nextPartIndex(timeline, index)).toBe(next);
});

describe("startPosition", () => {
  test.each([
    {
      name: "deep link wins over the saved position",
      deepLink: 30,
      saved: 90,
      completed: false,
      expected: 30,
    },
    {
      name: "deep link past the end is clamped",
      deepLink: 9999,
      saved: null,
      completed: false,
      expected: 175,
    },
    { name: "deep link even on a finished video", deepLink: 10, saved: 0, completed: true, expected: 10 },
    {
      name: "resume from the saved position",
      deepLink: undefined,
      saved: 90,
      completed: false,
      expected: 90,
    },
    {
      name: "a position in the first 5 s starts over",
      deepLink: undefined,
      saved: 4,
      completed: false,
      expected: 0,
    },
    { name: "a finished video starts over", deepLink: undefined, saved: 90, completed: true, expected: 0 },
    {
      name: "a position in the last 5 s starts over",
      deepLink: undefined,
      saved: 172,
      completed: false,
      expected: 0,
    },
    { name: "nothing saved", deepLink: undefined, saved: null, completed: false, expected: 0 },
  ])("$name", ({ deepLink, saved, completed, expected }) => {
    expect(startPosition({ deepLink, saved, completed, total: 175 })).toBe(expected);
  });
});

describe("parseTimeParam", () => {
  test.each<[unknown, number | undefined]>([
    ["90", 90],
    [90, 90],
    [12.7, 12],
    ["1:30", 90],
    ["1:02:03", 3723],
    ["1h2m3s", 3723],
    ["2m", 120],
    ["45s", 45],
    ["", undefined],
    ["-5", undefined],
    [-5, undefined],
    ["abc", undefined],
    ["1:2", undefined],
    [null, undefined],
  ])("%p → %p", (value, expected) => {
    expect(parseTimeParam(value)).toBe(expected);
  });
});

describe("linkAtTime", () => {
  test.each<[string, string, number, string]>([
    ["whole seconds", "http://192.168.1.5:3000/watch/7", 83.9, "http://192.168.1.5:3000/watch/7?t=83"],
    [
      "replaces the time it was opened at",
      "https://r.example/watch/7?t=10",
      95,
      "https://r.example/watch/7?t=95",
    ],
    ["the start", "https://r.example/watch/7", 0, "https://r.example/watch/7?t=0"],
    [
      "no time yet reads as the start",
      "https://r.example/watch/7",
      Number.NaN,
      "https://r.example/watch/7?t=0",
    ],
  ])("%s", (_name, href, seconds, expected) => {
    expect(linkAtTime(href, seconds)).toBe(expected);
  });
});

describe("playbackSource", () => {
  const parts = [
    { part_index: 1, duration_seconds: 100, finalized_at: "2024-01-01T10:00:00Z" },
    { part_index: 2, duration_seconds: 40, finalized_at: null },
  ];
  const finished = [{ part_index: 1, duration_seconds: 100, finalized_at: "2024-01-01T10:00:00Z" }];
  test.each<
    [string, { status: string; duration_seconds: number | null } | null, ReturnType<typeof playbackSource>]
  >([
    ["no playback file: the finished parts", null, { parts: finished, fromArtifact: false }],
    [
      "a file still building: the parts",
      { status: "building", duration_seconds: null },
      { parts: finished, fromArtifact: false },
    ],
    [
      "a ready file: one part of its length",
      { status: "ready", duration_seconds: 98.5 },
      { parts: [{ part_index: 1, duration_seconds: 98.5 }], fromArtifact: true },
    ],
    [
      "a ready file of unknown length: the parts' total",
      { status: "ready", duration_seconds: null },
      { parts: [{ part_index: 1, duration_seconds: 100 }], fromArtifact: true },
    ],
  ])("%s", (_name, artifact, expected) => {
    expect(playbackSource(parts, artifact)).toEqual(expected);
  });
});
