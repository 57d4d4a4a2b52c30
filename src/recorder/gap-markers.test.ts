import { expect, test } from "bun:test";
import { freshState, gapMarkers } from "./resume-state.ts";

test("ads and gaps become markers in timeline order, offsets and durations as the checkpoint has them", () => {
  const state = {
    ...freshState(),
    ads: [
      { from: 40, to: 54, at_seconds: 20.0004, seconds: 30, roll: null },
      { from: 300, to: 314, at_seconds: 150, seconds: 30, roll: "midroll" },
    ],
    gaps: [{ from: 100, to: 101, at_seconds: 62.5, seconds: 4, reason: "fetch_failed" as const }],
  };
  expect(gapMarkers(state)).toEqual([
    { kind: "ad", media_offset_seconds: 20, duration_seconds: 30, reason: null },
    { kind: "gap", media_offset_seconds: 62.5, duration_seconds: 4, reason: "fetch_failed" },
    { kind: "ad", media_offset_seconds: 150, duration_seconds: 30, reason: null },
  ]);
  expect(gapMarkers(freshState())).toEqual([]);
});
