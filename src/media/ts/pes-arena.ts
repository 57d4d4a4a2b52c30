/**
 * One buffer reused segment after segment for the copies that make each PES contiguous. The views a demux
 * hands out (samples are views of their PES) only need to live until the segment's fragment is written:
 * reusing the buffer saves an allocation per PES, and with it the garbage collector's and the kernel's work
 * of freeing and faulting in about a segment's worth of fresh memory each time.
 */
export class PesArena {
  private buffer = Buffer.allocUnsafe(0);
  private used = 0;

  /** Starts a segment of at most `capacity` payload bytes: earlier views are overwritten from here on. */
  reset(capacity: number): void {
    if (this.buffer.length < capacity) this.buffer = Buffer.allocUnsafe(Math.ceil(capacity * 1.25));
    this.used = 0;
  }

  /** `length` bytes of the buffer, for one PES. */
  take(length: number): Buffer {
    const out = this.buffer.subarray(this.used, this.used + length);
    this.used += length;
    return out;
  }
}

/**
 * Arenas lent for one segment at a time (demux, fragment, write) and given back after: recordings share a
 * few (as many as have a write in flight at once), so memory does not grow with the number of recordings.
 */
export class PesArenaPool {
  private readonly idle: PesArena[] = [];

  constructor(private readonly keep = 4) {}

  async with<T>(use: (arena: PesArena) => Promise<T>): Promise<T> {
    const arena = this.idle.pop() ?? new PesArena();
    try {
      return await use(arena);
    } finally {
      if (this.idle.length < this.keep) this.idle.push(arena);
    }
  }
}
