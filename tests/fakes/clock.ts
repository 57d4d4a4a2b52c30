import { stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import type { Clock } from "../../src/lib/clock.ts";

interface Timer {
  at: number;
  /** Order of creation: timers due at the same moment fire in the order they were set. */
  order: number;
  fn: () => void;
  /** Repeats every this many ms (`every`), or null (`timeout`, `sleep`). */
  period: number | null;
  /** The delay asked for, for tests that check what the code waits for. */
  ms: number;
}

/**
 * A clock that moves only when the test says: `advance(ms)` fires every timer due on the way, in order,
 * letting the code each one wakes run before the next; `runUntil` jumps from timer to timer until
 * something holds. A rule measured in minutes is checked in milliseconds, with no real sleep.
 */
export class FakeClock implements Clock {
  private time: number;
  private readonly origin: number;
  private timers: Timer[] = [];
  private created = 0;

  constructor(start = Date.UTC(2026, 0, 1, 12)) {
    this.time = start;
    this.origin = start;
  }

  now(): number {
    return this.time;
  }

  monotonic(): number {
    return this.time - this.origin;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        cancel();
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const cancel = this.timeout(ms, done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }

  timeout(ms: number, fn: () => void): () => void {
    return this.add(ms, fn, null);
  }

  every(ms: number, fn: () => void): () => void {
    return this.add(ms, fn, Math.max(1, ms));
  }

  /** The delays (ms from now) of the timers waiting, soonest first. */
  pending(): number[] {
    return this.sorted().map((t) => t.at - this.time);
  }

  /** The delays asked for by the timers waiting (what the code said it would wait), soonest first. */
  waits(): number[] {
    return this.sorted().map((t) => t.ms);
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      await settle();
      const next = this.sorted()[0];
      if (!next || next.at > until) break;
      this.fire(next);
    }
    this.time = until;
    await settle();
  }

  /**
   * Fires timers one after another, soonest first, until `done()` holds; throws past `limitMs` of clock
   * time, or when nothing is scheduled and nothing happens for a (real) second.
   */
  async runUntil(done: () => boolean, limitMs = 3_600_000): Promise<void> {
    const limit = this.time + limitMs;
    let idleSince = performance.now();
    for (;;) {
      await settle();
      if (done()) return;
      const next = this.sorted()[0];
      if (!next) {
        // Files being written: wait for them (in real time), but not for ever.
        if (performance.now() - idleSince > 2000)
          throw new Error("nothing is scheduled on the clock, and nothing happens");
        continue;
      }
      if (next.at > limit) throw new Error(`not done within ${limitMs} ms of clock time`);
      this.fire(next);
      idleSince = performance.now();
    }
  }

  private add(ms: number, fn: () => void, period: number | null): () => void {
    const timer: Timer = { at: this.time + Math.max(0, ms), order: this.created++, fn, period, ms };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  private fire(timer: Timer): void {
    this.time = Math.max(this.time, timer.at);
    if (timer.period === null) this.timers = this.timers.filter((t) => t !== timer);
    else timer.at += timer.period;
    timer.fn();
  }

  private sorted(): Timer[] {
    return [...this.timers].sort((a, b) => a.at - b.at || a.order - b.order);
  }
}

/**
 * Lets the code a timer woke run until it waits again: its promise chains, and the file operations it
 * started (one of ours, queued behind them, comes back after them).
 */
async function settle(): Promise<void> {
  for (let round = 0; round < 3; round++) {
    for (let turn = 0; turn < 5; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
    await stat(tmpdir());
  }
}
