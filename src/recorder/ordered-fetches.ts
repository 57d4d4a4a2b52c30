/**
 * Runs up to `concurrency` fetches at once but hands the results over strictly in the order they were
 * queued, so segments reach the writer in sequence however the network reorders them. `push` waits while
 * the queue is full: a slow writer slows the poller instead of growing memory.
 */
export class OrderedFetches<T, R> {
  private readonly queue: { item: T; result: Promise<R> }[] = [];
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  private readonly ready: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly work: (item: T) => Promise<R>,
    /** Most items queued (fetching or fetched, not yet taken). */
    private readonly capacity = concurrency * 2,
  ) {}

  get size(): number {
    return this.queue.length;
  }

  async push(item: T): Promise<void> {
    while (this.queue.length >= this.capacity)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    const result = this.limited(item);
    // Rejections are observed when taken; this keeps an early failure from being reported as unhandled.
    result.catch(() => {});
    this.queue.push({ item, result });
    this.ready.shift()?.();
  }

  /** The oldest queued item and its result (settled), or null once `close`d and empty. */
  async take(): Promise<{ item: T; result: PromiseSettledResult<R> } | null> {
    while (this.queue.length === 0) {
      if (this.closed) return null;
      await new Promise<void>((resolve) => this.ready.push(resolve));
    }
    const head = this.queue[0] as { item: T; result: Promise<R> };
    const [settled] = await Promise.allSettled([head.result]);
    this.queue.shift();
    this.waiting.shift()?.();
    return { item: head.item, result: settled as PromiseSettledResult<R> };
  }

  private closed = false;

  /** No more pushes: `take` returns null once the queue is empty. */
  close(): void {
    this.closed = true;
    for (const wake of this.ready.splice(0)) wake();
  }

  /** Drops everything queued (their fetches finish in the background and are ignored). */
  clear(): void {
    this.queue.length = 0;
    for (const wake of this.waiting.splice(0)) wake();
  }

  private async limited(item: T): Promise<R> {
    while (this.running >= this.concurrency) await new Promise<void>((resolve) => this.slots.push(resolve));
    this.running++;
    try {
      return await this.work(item);
    } finally {
      this.running--;
      this.slots.shift()?.();
    }
  }

  private readonly slots: (() => void)[] = [];
}
