/**
 * Seeded randomness (mulberry32), so a failing test can be replayed with the same seed: every random
 * choice the simulator makes (fault injection, ids, viewer counts) goes through one of these.
 */
export interface Random {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** True with probability `p` (0..1). */
  chance(p: number): boolean;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** `length` lowercase hex characters. */
  hex(length: number): string;
  /** A random (v4-shaped) UUID. */
  uuid(): string;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (length: number) => {
    let out = "";
    while (out.length < length) out += Math.floor(next() * 16).toString(16);
    return out;
  };
  return {
    seed,
    next,
    chance: (p) => p > 0 && next() < p,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    hex,
    uuid: () => {
      const h = hex(32);
      const variant = ((Number.parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
}
