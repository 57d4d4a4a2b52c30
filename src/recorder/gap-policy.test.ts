import { describe, expect, test } from "bun:test";
import { endBreach, type GapPolicy, lostSegments, strictBreach } from "./gap-policy.ts";

const tolerant: GapPolicy = { maxGapRatio: 0.01, strict: false };
const strict: GapPolicy = { maxGapRatio: 0.01, strict: true };
const RATIO = "(RECORDER_MAX_GAP_RATIO)";
const STRICT = "strict gap mode allows none (RECORDER_STRICT_GAPS)";

describe("the gap policy at the end of a recording", () => {
  test.each([
    ["nothing lost", tolerant, 0, 1000, null],
    ["nothing recorded and nothing lost (an empty recording is judged elsewhere)", tolerant, 0, 0, null],
    ["0.1% lost, under 1%", tolerant, 1, 999, null],
    ["exactly the limit is still within it", tolerant, 10, 990, null],
    ["3.2% lost", tolerant, 32, 968, `3.2% of segments lost (32 of 1000), above the 1% limit ${RATIO}`],
    [
      "just over: more digits rather than 1.0%",
      tolerant,
      101,
      9899,
      `1.01% of segments lost (101 of 10000), above the 1% limit ${RATIO}`,
    ],
    ["everything lost", tolerant, 5, 0, `100% of segments lost (5 of 5), above the 1% limit ${RATIO}`],
    [
      "a limit of 0 refuses any loss, by the ratio",
      { maxGapRatio: 0, strict: false },
      1,
      999,
      `0.1% of segments lost (1 of 1000), above the 0% limit ${RATIO}`,
    ],
    [
      "a half-percent limit prints as such",
      { maxGapRatio: 0.005, strict: false },
      2,
      198,
      `1% of segments lost (2 of 200), above the 0.5% limit ${RATIO}`,
    ],
    ["strict, nothing lost", strict, 0, 500, null],
    ["strict, one lost", strict, 1, 500, `a segment was lost and ${STRICT}`],
    ["strict, three lost", strict, 3, 5000, `3 segments were lost and ${STRICT}`],
  ] as [string, GapPolicy, number, number, string | null][])(
    "%s",
    (_name, policy, lost, recorded, reason) => {
      expect(endBreach({ lost, recorded }, policy)).toBe(reason);
    },
  );
});

describe("the gap policy while recording", () => {
  test.each([
    ["tolerant goes on whatever the share", tolerant, 40, 10, null],
    ["strict goes on while nothing is lost", strict, 0, 10, null],
    [
      "strict stops at the first lost segment, even with nothing recorded yet",
      strict,
      1,
      0,
      `a segment was lost and ${STRICT}`,
    ],
  ] as [string, GapPolicy, number, number, string | null][])(
    "%s",
    (_name, policy, lost, recorded, reason) => {
      expect(strictBreach({ lost, recorded }, policy)).toBe(reason);
    },
  );
});

test("lost segments count every position a gap covers", () => {
  expect(lostSegments([])).toBe(0);
  expect(
    lostSegments([
      { from: 4, to: 4 },
      { from: 10, to: 14 },
    ]),
  ).toBe(6);
});
