/** What a recording's progress reports carry as running totals over the whole recording. */
export interface ProgressTotals {
  bytes: number;
  /** Segments lost so far (gaps). */
  missed: number;
}

const ZERO: ProgressTotals = { bytes: 0, missed: 0 };

/**
 * Turns each recording's running totals into what this process added, for counters that only go up.
 * A recording started here counts from zero; one resumed after a restart reports what the previous
 * process wrote too, so its first report is only a baseline. Totals that go back (a part dropped) add
 * nothing, and the higher mark is kept so nothing is counted twice.
 */
export class ProgressTally {
  readonly #seen = new Map<string, ProgressTotals>();

  started(jobId: string, resumed: boolean): void {
    if (resumed) this.#seen.delete(jobId);
    else this.#seen.set(jobId, ZERO);
  }

  /** What this report adds to the counters. */
  progressed(jobId: string, totals: ProgressTotals): ProgressTotals {
    const previous = this.#seen.get(jobId);
    const next = previous ? highest(previous, totals) : totals;
    this.#seen.set(jobId, next);
    return previous ? added(previous, next) : ZERO;
  }

  finished(jobId: string): void {
    this.#seen.delete(jobId);
  }

  /** Recordings being followed (for tests: finished ones are forgotten). */
  get size(): number {
    return this.#seen.size;
  }
}

export function highest(a: ProgressTotals, b: ProgressTotals): ProgressTotals {
  return { bytes: Math.max(a.bytes, b.bytes), missed: Math.max(a.missed, b.missed) };
}

export function added(from: ProgressTotals, to: ProgressTotals): ProgressTotals {
  return { bytes: Math.max(0, to.bytes - from.bytes), missed: Math.max(0, to.missed - from.missed) };
}
