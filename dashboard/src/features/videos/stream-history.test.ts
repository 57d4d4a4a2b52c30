import { expect, test } from "bun:test";
import { streamHistoryRows, type TimelineChange } from "./stream-history";

const START = "2026-03-01T20:00:00.000Z";
const change = (id: number, over: Partial<TimelineChange>): TimelineChange => ({
  id,
  occurred_at: START,
  media_offset_seconds: null,
  title: null,
  category: null,
  ...over,
});

test.each([
  { name: "no changes", changes: [], expected: [] },
  {
    name: "the opening title and category, both at 0",
    changes: [change(1, { title: { name: "Warm-up" }, category: { name: "Just Chatting" } })],
    expected: [
      { id: "t1", seconds: 0, kind: "title", label: "Warm-up" },
      { id: "c1", seconds: 0, kind: "category", label: "Just Chatting" },
    ],
  },
  {
    name: "the media offset wins over the clock",
    changes: [
      change(2, { occurred_at: "2026-03-01T20:10:00.000Z", media_offset_seconds: 580, title: { name: "B" } }),
    ],
    expected: [{ id: "t2", seconds: 580, kind: "title", label: "B" }],
  },
  {
    name: "without an offset, time since the start; before the start counts as 0",
    changes: [
      change(3, { occurred_at: "2026-03-01T20:01:30.000Z", category: { name: "Chess" } }),
      change(4, { occurred_at: "2026-03-01T19:59:00.000Z", title: { name: "Early" } }),
    ],
    expected: [
      { id: "t4", seconds: 0, kind: "title", label: "Early" },
      { id: "c3", seconds: 90, kind: "category", label: "Chess" },
    ],
  },
  {
    name: "an unreadable date is left out",
    changes: [change(5, { occurred_at: "not a date", title: { name: "?" } })],
    expected: [],
  },
] as const)("$name", ({ changes, expected }) => {
  expect(streamHistoryRows(changes, START)).toEqual([...expected]);
});
