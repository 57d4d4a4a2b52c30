import { describe, expect, test } from "bun:test";
import { JoinLimiter, joinLines, ReconnectBackoff } from "./pacing.ts";

describe("JoinLimiter (20 channels per 10 s, sliding)", () => {
  // Steps: at (ms), channels taken then; expected available and wait before the step's take.
  const cases: [string, [number, number, number, number][]][] = [
    ["a fresh limiter has the whole window", [[0, 0, 20, 0]]],
    [
      "a full window waits until its oldest join is 10 s old",
      [
        [0, 15, 20, 0],
        [4000, 5, 5, 0],
        [5000, 0, 0, 5000],
        [9999, 0, 0, 1],
        [10_000, 0, 15, 0],
        [14_000, 0, 20, 0],
      ],
    ],
    [
      "never more than 20 at any instant of a 10 s window",
      [
        [0, 20, 20, 0],
        [9000, 0, 0, 1000],
        [10_000, 20, 20, 0],
      ],
    ],
  ];
  for (const [name, steps] of cases) {
    test(name, () => {
      const limiter = new JoinLimiter();
      for (const [at, take, available, wait] of steps) {
        expect([at, limiter.available(at), limiter.waitMs(at)]).toEqual([at, available, wait]);
        limiter.take(at, take);
      }
    });
  }
});

describe("joinLines", () => {
  test("one line for a few channels", () => {
    expect(joinLines("JOIN", ["a", "b_2", "c"])).toEqual(["JOIN #a,#b_2,#c"]);
  });
  test("nothing for no channels", () => expect(joinLines("JOIN", [])).toEqual([]));
  test("long lists are split under the line length", () => {
    const logins = Array.from({ length: 40 }, (_, i) => `${"x".repeat(22)}${String(i).padStart(3, "0")}`);
    const lines = joinLines("JOIN", logins);
    expect(lines.length).toBe(3);
    expect(lines.every((l) => l.length <= 500 && l.startsWith("JOIN #"))).toBe(true);
    expect(lines.flatMap((l) => l.slice(5).split(",")).map((c) => c.slice(1))).toEqual(logins);
  });
});

describe("ReconnectBackoff (1 s doubling to 30 s, equal jitter, reset after 60 s up)", () => {
  const cases: [string, number, number[], number[]][] = [
    [
      "doubles up to the cap at the top of the jitter",
      1,
      [0, 0, 0, 0, 0, 0, 0],
      [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000],
    ],
    ["the bottom of the jitter is half", 0, [0, 0, 0], [500, 1000, 2000]],
    ["a healthy session starts over", 1, [0, 0, 0, 60_000, 0], [1000, 2000, 4000, 1000, 2000]],
    ["a short session does not", 1, [0, 0, 59_999], [1000, 2000, 4000]],
  ];
  for (const [name, random, sessions, delays] of cases) {
    test(name, () => {
      const backoff = new ReconnectBackoff(undefined, () => random);
      expect(sessions.map((ms) => backoff.next(ms))).toEqual(delays);
    });
  }
});
