import type { Logger } from "../log/logger.ts";

/** An outbox: rows claimed one at a time (never the same one twice), put back when left mid-send. */
export interface OutboxWorkerDeps<D extends { id: number }> {
  /** For log lines: e.g. `{ one: "webhook delivery", many: "webhook deliveries" }`. */
  noun: { one: string; many: string };
  /** Claims the next due row (pending → delivering, attempts + 1), or null. */
  claimNext(): Promise<D | null>;
  /**
   * Sends one claimed row and stores its outcome; resolves to when it is due again (epoch ms) when it is to
   * be retried, else null. `signal` aborts when shutdown runs out of time.
   */
  deliver(row: D, signal: AbortSignal): Promise<number | null>;
  /** Puts rows `delivering` since before `before` back to pending; resolves to how many. */
  releaseStale(before: string): Promise<number>;
  log: Logger;
  /** Rows sent at once (default 4). */
  concurrency?: number;
  /** How often the outbox is looked at when nothing wakes the worker (default 30 s). */
  pollMs?: number;
  /** A row `delivering` for longer than this belongs to a worker that died; it is sent again (default 2 min). */
  staleMs?: number;
}

/**
 * The loop behind an outbox dispatcher: claims due rows (at most `concurrency` in flight) and hands each to
 * `deliver`; retries are rescheduled in the row itself, so a restart loses nothing. It looks when nudged,
 * at the earliest scheduled retry, and otherwise every `pollMs`, sweeping rows left mid-send each time.
 */
export class OutboxWorker<D extends { id: number }> {
  readonly #deps: OutboxWorkerDeps<D>;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #abort = new AbortController();
  #running = false;
  #claiming = false;
  #again = false;
  #poll: ReturnType<typeof setInterval> | undefined;
  #wake: { timer: ReturnType<typeof setTimeout>; at: number } | undefined;

  constructor(deps: OutboxWorkerDeps<D>) {
    this.#deps = deps;
  }

  /** Aborts when `drain` runs out of time: sends in flight are cut and put back. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Puts back what a dead process left mid-send, then starts looking. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    await this.releaseStale();
    this.#poll = setInterval(() => {
      this.releaseStale().finally(() => this.nudge());
    }, this.#deps.pollMs ?? 30_000);
    this.nudge();
  }

  /** Looks at the outbox now (a row was queued or requeued). */
  nudge(): void {
    if (!this.#running) return;
    if (this.#claiming) {
      this.#again = true;
      return;
    }
    void this.#fill();
  }

  /** Makes sure the worker looks again at `at` (the earliest scheduled retry wins). */
  wakeAt(at: number): void {
    if (!this.#running || (this.#wake && this.#wake.at <= at)) return;
    if (this.#wake) clearTimeout(this.#wake.timer);
    const timer = setTimeout(
      () => {
        this.#wake = undefined;
        this.nudge();
      },
      Math.max(0, at - Date.now()) + 5,
    );
    this.#wake = { timer, at };
  }

  /**
   * Stops claiming and waits up to `budgetMs` for the sends in flight; past it they are interrupted (the
   * signal aborts) and put back for the next start. Resolves true when everything finished in time.
   */
  async drain(budgetMs: number): Promise<boolean> {
    this.#running = false;
    clearInterval(this.#poll);
    if (this.#wake) clearTimeout(this.#wake.timer);
    const settled = () => Promise.allSettled([...this.#inFlight]).then(() => true);
    const finished = await Promise.race([settled(), Bun.sleep(budgetMs).then(() => false)]);
    if (finished) return true;
    this.#abort.abort();
    // The interrupted sends record themselves as pending; give them a moment to reach the database.
    await Promise.race([settled(), Bun.sleep(1000)]);
    return false;
  }

  /** Runs one send outside the loop (a test send), counted with those in flight so a drain waits for it. */
  track<T>(work: Promise<T>): Promise<T> {
    const done: Promise<void> = work.then(
      () => {},
      () => {},
    );
    this.#inFlight.add(done);
    void done.finally(() => this.#inFlight.delete(done));
    return work;
  }

  async releaseStale(): Promise<void> {
    const { noun, log } = this.#deps;
    const before = new Date(Date.now() - (this.#deps.staleMs ?? 120_000)).toISOString();
    try {
      const released = await this.#deps.releaseStale(before);
      if (released > 0) log.info({ deliveries: released }, `${noun.many} left mid-send put back`);
    } catch (err) {
      log.error({ err }, `could not release stale ${noun.many}`);
    }
  }

  async #fill(): Promise<void> {
    const { noun, log } = this.#deps;
    this.#claiming = true;
    try {
      const max = this.#deps.concurrency ?? 4;
      while (this.#running && this.#inFlight.size < max) {
        const row = await this.#deps.claimNext();
        if (!row) break;
        const sending: Promise<void> = this.#deps
          .deliver(row, this.#abort.signal)
          .then((dueAt) => {
            if (dueAt !== null) this.wakeAt(dueAt);
          })
          .catch((err) => log.error({ err, delivery_id: row.id }, `${noun.one} crashed`))
          .finally(() => {
            this.#inFlight.delete(sending);
            this.nudge();
          });
        this.#inFlight.add(sending);
      }
    } catch (err) {
      log.error({ err }, `could not claim ${noun.many}`);
    } finally {
      this.#claiming = false;
      if (this.#again) {
        this.#again = false;
        this.nudge();
      }
    }
  }
}
