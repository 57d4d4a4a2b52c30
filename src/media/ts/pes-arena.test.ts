import { describe, expect, test } from "bun:test";
import { PesArena, PesArenaPool } from "./pes-arena.ts";

describe("PES arenas", () => {
  test("an arena hands out consecutive, non-overlapping views, and starts over at reset", () => {
    const arena = new PesArena();
    arena.reset(10);
    const a = arena.take(4).fill(1);
    const b = arena.take(6).fill(2);
    expect([...a, ...b]).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
    arena.reset(10);
    arena.take(4).fill(9);
    expect([...a]).toEqual([9, 9, 9, 9]);
  });

  test("recordings writing at the same time never share an arena; one written after another reuses it", async () => {
    const pool = new PesArenaPool();
    const seen: PesArena[] = [];
    let release: () => void = () => {};
    const held = pool.with(async (arena) => {
      seen.push(arena);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    await pool.with(async (arena) => void seen.push(arena));
    release();
    await held;
    await pool.with(async (arena) => void seen.push(arena));
    expect(seen[0]).not.toBe(seen[1]);
    expect([seen[0], seen[1]]).toContain(seen[2] as PesArena);
  });
});
