/**
 * Drops the second copy of a chat line while two sockets read the same channels (a RECONNECT's overlap).
 * Off the rest of the time, so a line costs nothing then. Keeps at most `capacity` keys: the oldest are
 * forgotten first, which is safe because both copies of a line arrive close together.
 */
export class CopyFilter {
  private readonly keys = new Set<string>();
  /** Monotonic ms until which copies are looked for: 0 off, infinity while both sockets are open. */
  private until = 0;

  constructor(private readonly capacity = 8192) {}

  /** Two sockets are open from now on. */
  start(): void {
    this.until = Number.POSITIVE_INFINITY;
  }

  /** The second socket is gone; copies still in flight on the other are caught until `until`. */
  stopAt(until: number): void {
    this.until = until;
  }

  clear(): void {
    this.until = 0;
    this.keys.clear();
  }

  /** Whether copies are being looked for (two sockets open, or just closed). */
  get active(): boolean {
    return this.until !== 0;
  }

  /** True when `key` (Twitch's `id` tag, else the whole line) was seen during the overlap. */
  isCopy(key: string, now: number): boolean {
    if (this.until === 0) return false;
    if (now >= this.until) {
      this.clear();
      return false;
    }
    if (this.keys.has(key)) return true;
    this.keys.add(key);
    // A Set iterates in insertion order: its first key is the oldest.
    if (this.keys.size > this.capacity) this.keys.delete(this.keys.values().next().value as string);
    return false;
  }
}
