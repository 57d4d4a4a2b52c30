import { expect, test } from "bun:test";
import { contract } from "./harness.ts";

contract("relay cursors", (c) => {
  test("0 until stored; only moves forward; one per relay", async () => {
    expect(await c.repo.relayCursors.get("relay-a")).toBe(0);
    await c.repo.relayCursors.advance("relay-a", 5);
    await c.repo.relayCursors.advance("relay-a", 3);
    expect(await c.repo.relayCursors.get("relay-a")).toBe(5);
    await c.repo.relayCursors.advance("relay-a", 2 ** 40);
    expect(await c.repo.relayCursors.get("relay-a")).toBe(2 ** 40);
    expect(await c.repo.relayCursors.get("relay-b")).toBe(0);
  });
});
