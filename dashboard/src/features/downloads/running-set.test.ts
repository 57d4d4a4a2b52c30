import { expect, test } from "bun:test";
import { runningSetChanged } from "./running-set";

const rows = (...ids: string[]) => ids.map((job_id) => ({ job_id }));

test.each([
  { name: "the first push (nothing known before)", before: undefined, after: rows("a"), expected: false },
  { name: "progress of the same recordings", before: rows("a", "b"), after: rows("b", "a"), expected: false },
  { name: "a recording started", before: rows("a"), after: rows("a", "b"), expected: true },
  { name: "a recording ended", before: rows("a", "b"), after: rows("b"), expected: true },
  { name: "the last one ended", before: rows("a"), after: rows(), expected: true },
  { name: "one ended as another started", before: rows("a"), after: rows("b"), expected: true },
])("$name → $expected", ({ before, after, expected }) => {
  expect(runningSetChanged(before, after)).toBe(expected);
});
