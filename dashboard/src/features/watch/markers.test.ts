import { expect, test } from "bun:test";
import { markersFromChanges } from "./markers";

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
