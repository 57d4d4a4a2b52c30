import { describe, expect, test } from "bun:test";
import { OrderedFetches } from "./ordered-fetches.ts";

const deferred = () => {
  let resolve!: (v: number) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<number>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

describe("OrderedFetches", () => {
  test("results come out in queue order whatever order they finish in, at most N at a time", async () => {
    const pending = new Map<number, ReturnType<typeof deferred>>();
    let active = 0;
    let peak = 0;
    const queue = new OrderedFetches<number, number>(2, async (n) => {
      active++;
      peak = Math.max(peak, active);
      const d = deferred();
      pending.set(n, d);
      try {
        return await d.promise;
      } finally {
        active--;
      }
    });
    for (const n of [1, 2, 3]) await queue.push(n);
    const first = queue.take();
    await Bun.sleep(0);
    pending.get(2)?.resolve(20);
    pending.get(1)?.resolve(10);
    expect(await first).toEqual({ item: 1, result: { status: "fulfilled", value: 10 } });
    expect(await queue.take()).toEqual({ item: 2, result: { status: "fulfilled", value: 20 } });
    await Bun.sleep(0);
    pending.get(3)?.reject(new Error("503"));
    const third = await queue.take();
    expect(third?.result.status).toBe("rejected");
    expect(peak).toBe(2);
  });

  test("push waits while the queue is full", async () => {
    const queue = new OrderedFetches<number, number>(1, async (n) => n, 2);
    await queue.push(1);
    await queue.push(2);
    let pushed = false;
    const third = queue.push(3).then(() => {
      pushed = true;
    });
    await Bun.sleep(5);
    expect(pushed).toBe(false);
    await queue.take();
    await third;
    expect(pushed).toBe(true);
  });

  test("take returns null once closed and drained", async () => {
    const queue = new OrderedFetches<number, number>(2, async (n) => n);
    await queue.push(1);
    queue.close();
    expect((await queue.take())?.item).toBe(1);
    expect(await queue.take()).toBeNull();
  });
});
