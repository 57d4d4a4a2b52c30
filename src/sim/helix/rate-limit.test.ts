import { describe, expect, test } from "bun:test";
import { RateLimiter, takePoint } from "./rate-limit.ts";

describe("Helix rate-limit bucket", () => {
  test.each([
    ["a new bucket is full minus this request", undefined, 0, true, 799],
    ["an empty bucket refuses", { points: 0.5, at: 0 }, 0, false, 0],
    ["it refills 800 points a minute (one per 75 ms)", { points: 0, at: 0 }, 75, true, 0],
    ["it never holds more than the limit", { points: 10, at: 0 }, 3_600_000, true, 799],
  ])("%s", (_name, bucket, now, allowed, remaining) => {
    const take = takePoint(bucket, now);
    expect(take.allowed).toBe(allowed);
    expect(take.remaining).toBe(remaining);
  });

  test("the reset time is when the bucket is full again", () => {
    expect(takePoint(undefined, 1_000).resetAt).toBe(1_075);
    expect(takePoint({ points: 0, at: 0 }, 0).resetAt).toBe(60_000);
  });

  test("801 requests in one instant: the 801st is refused", () => {
    const limiter = new RateLimiter(() => 5_000);
    const takes = Array.from({ length: 801 }, () => limiter.take("app:x"));
    expect(takes.filter((t) => t.allowed)).toHaveLength(800);
    expect(takes.at(-1)?.allowed).toBe(false);
    expect(limiter.take("user:x:1").remaining).toBe(799);
  });
});
