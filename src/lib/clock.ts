import { sleep } from "./sleep.ts";

/**
 * Time as the recorder and live detection see it: the wall clock, a monotonic clock for measuring spans,
 * and timers. Services take one so a test can move time by hand (tests/fakes/clock.ts) and check a rule
 * that takes minutes (a rejoin window, a frozen playlist, a stall) in milliseconds.
 */
export interface Clock {
  /** Epoch milliseconds, as `Date.now()`. */
  now(): number;
  /** Milliseconds that never go back, as `performance.now()`: for the length of a span, not a date. */
  monotonic(): number;
  /** Waits `ms`, or less if `signal` aborts first (resolves either way: the caller checks the signal). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Calls `fn` once, `ms` from now; returns the function that cancels it. */
  timeout(ms: number, fn: () => void): () => void;
  /** Calls `fn` every `ms` until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  sleep,
  timeout(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    return () => clearInterval(timer);
  },
};

/**
 * A signal aborted `ms` from now on `clock` (a request's deadline); `clear` drops the timer once the
 * request is done, so a finished request leaves nothing behind.
 */
export function deadline(clock: Clock, ms: number): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const clear = clock.timeout(ms, () =>
    controller.abort(new DOMException("The operation timed out.", "TimeoutError")),
  );
  return { signal: controller.signal, clear };
}
