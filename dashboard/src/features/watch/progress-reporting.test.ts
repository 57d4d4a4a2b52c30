import { expect, test } from "bun:test";
import { nextObservedAt, shouldReport } from "./progress-reporting";

test.each([
  { name: "first report goes out", last: null, position: 3, now: 0, force: false, expected: true },
  {
    name: "5 s later, 5 s further: wait",
    last: { position: 10, at: 0 },
    position: 15,
    now: 5_000,
    force: false,
    expected: false,
  },
  {
    name: "15 s of wall time: report",
    last: { position: 10, at: 0 },
    position: 25,
    now: 15_000,
    force: false,
    expected: true,
  },
  {
    name: "a seek forward of 15 s: report",
    last: { position: 10, at: 0 },
    position: 25,
    now: 1_000,
    force: false,
    expected: true,
  },
  {
    name: "a seek backward of 15 s: report",
    last: { position: 100, at: 0 },
    position: 80,
    now: 1_000,
    force: false,
    expected: true,
  },
  {
    name: "pause forces a report",
    last: { position: 10, at: 0 },
    position: 11,
    now: 1_000,
    force: true,
    expected: true,
  },
])("$name", ({ last, position, now, force, expected }) => {
  expect(shouldReport(last, position, now, force)).toBe(expected);
});

test.each([
  [0, 1000, 1000],
  [1000, 1000, 1001],
  [2000, 1500, 2001],
])("after %p at clock %p the next observed_at is %p", (previous, now, expected) => {
  expect(nextObservedAt(previous, now)).toBe(expected);
});
