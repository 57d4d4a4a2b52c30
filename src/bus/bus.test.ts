import { describe, expect, test } from "bun:test";
import { Bus } from "./bus.ts";

type Events = { "a.happened": { n: number }; "b.happened": string };

describe("Bus", () => {
  test("delivers each event to the topic's listeners only, until they unsubscribe", () => {
    const bus = new Bus<Events>();
    const seen: unknown[] = [];
    const off = bus.on("a.happened", (e) => seen.push(e.n));
    bus.on("b.happened", (e) => seen.push(e));
    bus.emit("a.happened", { n: 1 });
    bus.emit("b.happened", "x");
    off();
    bus.emit("a.happened", { n: 2 });
    expect(seen).toEqual([1, "x"]);
    expect(bus.listenerCount("a.happened")).toBe(0);
  });

  test("a throwing listener neither stops the others nor reaches the publisher", () => {
    const errors: string[] = [];
    const bus = new Bus<Events>((topic) => errors.push(topic));
    const seen: number[] = [];
    bus.on("a.happened", () => {
      throw new Error("boom");
    });
    bus.on("a.happened", (e) => seen.push(e.n));
    expect(() => bus.emit("a.happened", { n: 7 })).not.toThrow();
    expect(seen).toEqual([7]);
    expect(errors).toEqual(["a.happened"]);
  });
});
