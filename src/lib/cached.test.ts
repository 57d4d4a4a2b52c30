import { describe, expect, test } from "bun:test";
import { cached } from "./cached.ts";

describe("cached", () => {
  test("reuses a result within the time to live, then computes again", async () => {
    let clock = 0;
    let runs = 0;
    const get = cached(
      async () => ++runs,
      30_000,
      () => clock,
    );
    expect(await get()).toBe(1);
    clock = 29_999;
    expect(await get()).toBe(1);
    clock = 30_000;
    expect(await get()).toBe(2);
    expect(runs).toBe(2);
  });

  test("concurrent callers share one run", async () => {
    let runs = 0;
    let release: (n: number) => void = () => {};
    const get = cached(
      () =>
        new Promise<number>((resolve) => {
          runs++;
          release = resolve;
        }),
      1000,
      () => 0,
    );
    const both = Promise.all([get(), get()]);
    release(7);
    expect(await both).toEqual([7, 7]);
    expect(runs).toBe(1);
  });

  test("a rejection is not kept: the next call runs again", async () => {
    let runs = 0;
    const get = cached(
      async () => {
        runs++;
        if (runs === 1) throw new Error("first fails");
        return runs;
      },
      60_000,
      () => 0,
    );
    await expect(get()).rejects.toThrow("first fails");
    expect(await get()).toBe(2);
  });
});
