import { expect, test } from "bun:test";
import { withGaps } from "./chat-items";

const line = (id: number, offset_seconds: number) => ({ id, offset_seconds });
const gap = (offset_seconds: number) => ({ offset_seconds, duration_seconds: 12 });
const shape = (
  items: ReturnType<typeof withGaps<{ id: number; offset_seconds: number }, ReturnType<typeof gap>>>,
) => items.map((i) => (i.type === "line" ? `L${i.line.id}` : `G${i.gap.offset_seconds}`));

test.each([
  ["no gaps", [line(1, 1), line(2, 2)], [], 5, 200, ["L1", "L2"]],
  [
    "a gap after the lines sent before it",
    [line(1, 1), line(2, 2), line(3, 40)],
    [gap(20)],
    45,
    200,
    ["L1", "L2", "G20", "L3"],
  ],
  ["a gap not reached yet is not shown", [line(1, 1)], [gap(20)], 19.9, 200, ["L1"]],
  ["a gap at the playhead is shown", [line(1, 1)], [gap(20)], 20, 200, ["L1", "G20"]],
  [
    "a gap after a line sent at its start",
    [line(1, 20), line(2, 33)],
    [gap(20)],
    40,
    200,
    ["L1", "G20", "L2"],
  ],
  ["a gap before any line", [line(1, 5)], [gap(0)], 6, 200, ["G0", "L1"]],
  [
    "a full window drops gaps older than its first line",
    [line(1, 30), line(2, 31)],
    [gap(20), gap(30.5)],
    40,
    2,
    ["L1", "G30.5", "L2"],
  ],
])("%s", (_name, lines, gaps, seconds, window, expected) => {
  expect(shape(withGaps(lines, gaps, seconds, window))).toEqual(expected);
});
