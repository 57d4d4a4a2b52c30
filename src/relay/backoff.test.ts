import { expect, test } from "bun:test";
import { Backoff } from "./backoff.ts";

const S = 1000;
test.each([
  ["failed dials double from 1 s to the 60 s cap", [0, 0, 0, 0, 0, 0, 0, 0], [1, 2, 4, 8, 16, 32, 60, 60]],
  ["short sessions count as failures", [5 * S, 10 * S, 29 * S], [1, 2, 4]],
  ["a healthy session (30 s or more) resets to 1 s", [0, 0, 0, 0, 45 * S, 0], [1, 2, 4, 8, 1, 2]],
  [
    "after the cap, a healthy session still resets",
    [0, 0, 0, 0, 0, 0, 0, 3600 * S],
    [1, 2, 4, 8, 16, 32, 60, 1],
  ],
])("%s", (_name, sessions, expectedSeconds) => {
  const backoff = new Backoff();
  expect(sessions.map((ms) => backoff.next(ms) / S)).toEqual(expectedSeconds);
});
