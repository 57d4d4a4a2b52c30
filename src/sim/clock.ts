/**
 * The simulator's time. `warp` > 1 runs simulated time faster than real time, so a long stream (and its
 * segments) can be served in minutes: everything in the simulator reads time from here, never Date.now().
 */
export interface SimClock {
  /** Simulated epoch milliseconds. */
  now(): number;
  /** How many simulated milliseconds pass per real millisecond. */
  readonly warp: number;
  /** Real milliseconds until simulated time `at` (0 if it is past). */
  realDelayUntil(at: number): number;
}

export function createClock(warp = 1, realNow: () => number = Date.now): SimClock {
  if (!(warp > 0)) throw new Error("warp must be a positive number");
  const origin = realNow();
  const now = () => origin + (realNow() - origin) * warp;
  return {
    now,
    warp,
    realDelayUntil: (at) => Math.max(0, (at - now()) / warp),
  };
}
