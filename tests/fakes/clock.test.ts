import { describe, expect, test } from "bun:test";
import { FakeClock } from "./clock.ts";

describe("the fake clock", () => {
  test("advance fires the timers due on the way, soonest first (ties in the order set), and stops at its end", async () => {
    const clock = new FakeClock(0);
    const fired: string[] = [];
    clock.timeout(300, () => fired.push(`c@${clock.now()}`));
    clock.timeout(100, () => fired.push(`a@${clock.now()}`));
    clock.timeout(100, () => fired.push(`b@${clock.now()}`));
    await clock.advance(250);
    expect(fired).toEqual(["a@100", "b@100"]);
    expect(clock.now()).toBe(250);
    expect(clock.pending()).toEqual([50]);
  });

  test("what a timer wakes runs before the next timer fires", async () => {
    const clock = new FakeClock(0);
    const seen: number[] = [];
    (async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(1_000);
        seen.push(clock.now());
      }
    })();
    await clock.advance(10_000);
    expect(seen).toEqual([1_000, 2_000, 3_000]);
  });

  test("a sleep ends early when its signal aborts, leaving no timer; every repeats until cancelled", async () => {
    const clock = new FakeClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(60_000, controller.signal);
    controller.abort();
    await sleeping;
    expect(clock.pending()).toEqual([]);
    let ticks = 0;
    const stop = clock.every(1_000, () => ticks++);
    await clock.advance(3_500);
    stop();
    await clock.advance(5_000);
    expect(ticks).toBe(3);
  });

  test("runUntil goes from timer to timer until the condition holds, and gives up past its limit", async () => {
    const clock = new FakeClock(0);
    let done = false;
    clock.timeout(90_000, () => {
      done = true;
    });
    await clock.runUntil(() => done);
    expect(clock.now()).toBe(90_000);
    clock.timeout(10_000, () => {});
    await expect(clock.runUntil(() => false, 5_000)).rejects.toThrow("not done within 5000 ms");
  });
});
