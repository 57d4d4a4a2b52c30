import { expect, test } from "bun:test";
import { gapRatio } from "./progress";

test.each([
  [0, 0, 0],
  [90, 10, 0.1],
  [0, 5, 1],
])("gapRatio(%p done, %p gaps) = %p", (done, gaps, expected) => {
  expect(gapRatio(done, gaps)).toBe(expected);
});
