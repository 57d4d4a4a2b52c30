import { describe, expect, test } from "bun:test";
import {
  type GapMarker,
  isSkip,
  knownGapReason,
  markersFromChanges,
  markersFromGaps,
  tooltipAlign,
} from "./markers";

const start = "2026-05-10T12:00:00Z";

test("markers use the media offset, else the wall clock, clamped and sorted", () => {
  const markers = markersFromChanges(
    [
      {
        id: 3,
        occurred_at: "2026-05-10T12:10:00Z",
        media_offset_seconds: null,
        title: { id: 1, name: "Late title" },
        category: null,
      },
      {
        id: 1,
        occurred_at: "2026-05-10T12:00:00Z",
        media_offset_seconds: 0,
        title: { id: 2, name: "First" },
        category: { id: "9", name: "Chess" },
      },
      {
        id: 2,
        occurred_at: "2026-05-10T12:05:00Z",
        media_offset_seconds: 290,
        title: null,
        category: { id: "8", name: "Art" },
      },
      {
        id: 4,
        occurred_at: "2026-05-10T15:00:00Z",
        media_offset_seconds: null,
        title: { id: 3, name: "After the end" },
        category: null,
      },
      {
        id: 5,
        occurred_at: "2026-05-10T11:00:00Z",
        media_offset_seconds: null,
        title: { id: 4, name: "Before start" },
        category: null,
      },
    ],
    start,
    3600,
  );
  expect(markers.map((m) => [m.seconds, m.kind, m.label])).toEqual([
    [0, "title", "First"],
    [0, "category", "Chess"],
    [0, "title", "Before start"],
    [290, "category", "Art"],
    [600, "title", "Late title"],
    [3600, "title", "After the end"],
  ]);
});

test("no changes, no markers", () => {
  expect(markersFromChanges([], start, 100)).toEqual([]);
});

describe("markersFromGaps", () => {
  const words = (g: GapMarker) => `${g.kind} ${g.duration_seconds}s${g.reason ? ` ${g.reason}` : ""}`;
  const gap = (
    kind: GapMarker["kind"],
    at: number,
    seconds: number,
    reason: string | null = null,
  ): GapMarker => ({ kind, media_offset_seconds: at, duration_seconds: seconds, reason });

  test.each([
    ["nothing skipped", [], 100, []],
    [
      "an ad and a gap, ordered by offset",
      [gap("gap", 80, 4, "fetch_failed"), gap("ad", 25.5, 30)],
      100,
      [
        [25.5, "ad", "ad 30s"],
        [80, "gap", "gap 4s fetch_failed"],
      ],
    ],
    [
      "offsets past either end are clamped to the recording",
      [gap("ad", -1, 15), gap("gap", 500, 6, "restart")],
      300,
      [
        [0, "ad", "ad 15s"],
        [300, "gap", "gap 6s restart"],
      ],
    ],
    [
      "an offset that is not a number is left out",
      [gap("ad", Number.NaN, 15), gap("ad", 10, 15)],
      100,
      [[10, "ad", "ad 15s"]],
    ],
  ] as const)("%s", (_name, gaps, total, expected) => {
    const markers = markersFromGaps(gaps, total, words);
    expect(markers.map((m) => [m.seconds, m.kind, m.label])).toEqual(expected.map((e) => [...e]));
    expect(new Set(markers.map((m) => m.id)).size).toBe(markers.length);
    expect(markers.every(isSkip)).toBe(true);
  });

  test("title and category markers are not skips", () => {
    const [title, category] = markersFromChanges(
      [
        {
          id: 1,
          occurred_at: start,
          media_offset_seconds: 0,
          title: { id: 1, name: "A" },
          category: { id: "9", name: "B" },
        },
      ],
      start,
      10,
    );
    expect([title && isSkip(title), category && isSkip(category)]).toEqual([false, false]);
  });
});

test.each([
  ["window_rolled", "window_rolled"],
  ["fetch_failed", "fetch_failed"],
  ["restart", "restart"],
  ["malformed", "malformed"],
  ["something_new", null],
  [null, null],
] as const)("knownGapReason(%p) is %p", (reason, expected) => {
  expect(knownGapReason(reason)).toBe(expected);
});

test.each<[number, number, ReturnType<typeof tooltipAlign>]>([
  [0, 600, "start"],
  [119, 600, "start"],
  [120, 600, "center"],
  [300, 600, "center"],
  [480, 600, "center"],
  [481, 600, "end"],
  [600, 600, "end"],
  [5, 0, "start"],
])("a marker at %p s of %p s opens its tooltip %p", (seconds, total, expected) => {
  expect(tooltipAlign(seconds, total)).toBe(expected);
});
