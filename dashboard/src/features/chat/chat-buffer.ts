// The chat lines the player has around its playhead. It asks for pages (`chat.page`) as playback advances,
// starts over around the new time after a seek, and forgets lines long past, so a video with a million
// lines costs the page a few thousand at most. Pure: the hook feeding it pages and time is use-chat-replay.

export interface Timed {
  id: number;
  offset_seconds: number;
}

export type PageDirection = "after" | "before";

export interface PageRequest {
  offset_seconds: number;
  limit: number;
  direction: PageDirection;
  /** Which load this belongs to: answers for a load a seek abandoned are dropped. */
  generation: number;
}

export interface PageAnswer<T> {
  /** In timeline order. */
  messages: T[];
  /** Where the next page that way starts, null at that end. */
  next_offset_seconds: number | null;
}

export const BUFFER_LIMITS = {
  /** Lines before the playhead fetched after a seek (what the panel shows at once). */
  before: 200,
  /** Lines per page ahead. */
  after: 300,
  /** Fetch ahead once fewer than this many seconds and `aheadLines` lines are loaded past the playhead. */
  lookaheadSeconds: 30,
  aheadLines: 300,
  /** Lines kept behind the playhead (the panel renders far fewer; the rest is scroll-back). */
  keepBehind: 1000,
  /** A jump this far past what is loaded is a seek (start over there), not playback catching up. */
  seekSlackSeconds: 60,
  retryMs: 3000,
  /** How often the end is asked again while the video still records (its chat grows). */
  growingRecheckMs: 5000,
} as const;

/** Offsets are milliseconds on the server: a page's edge line may share its offset with lines left out. */
const EPSILON = 0.0005;

export class ChatBuffer<T extends Timed> {
  private lines: T[] = [];
  private ids = new Set<number>();
  /** Every line with `from ≤ offset < until` is loaded; null while a (re)load has not answered. */
  private from: number | null = null;
  private until: number | null = null;
  /** Where the current load started. */
  private anchor: number | null = null;
  private generation = 0;
  private inFlight = new Set<PageDirection>();
  private retryAt = 0;
  private endCheckedAt = 0;
  /** The last request failed (the panel says so until one succeeds). */
  failing = false;

  constructor(private readonly limits: typeof BUFFER_LIMITS = BUFFER_LIMITS) {}

  /** How many lines are held. */
  get size(): number {
    return this.lines.length;
  }

  /** A load after a seek (or the first) has not answered yet. */
  get loading(): boolean {
    return this.from === null || this.until === null;
  }

  /**
   * The pages to ask for now, for playback at `t` (each is then in flight until `receive` or `failed`).
   * `growing`: the video still records, so the end of its chat is asked again every few seconds.
   */
  requests(t: number, now: number, growing = false): PageRequest[] {
    const { from, until, anchor } = this;
    if (from === null || until === null) {
      if (anchor === null || t < anchor - 1 || t > anchor + this.limits.seekSlackSeconds)
        return this.reset(t);
      if (now < this.retryAt) return [];
      const out: PageRequest[] = [];
      if (from === null && !this.inFlight.has("before"))
        out.push(this.ask("before", anchor, this.limits.before));
      if (until === null && !this.inFlight.has("after"))
        out.push(this.ask("after", anchor, this.limits.after));
      return out;
    }
    if (t < from || t > until + this.limits.seekSlackSeconds) return this.reset(t);
    this.trim(t);
    if (this.inFlight.has("after") || now < this.retryAt) return [];
    if (until === Number.POSITIVE_INFINITY) {
      if (!growing || now - this.endCheckedAt < this.limits.growingRecheckMs) return [];
      // New lines land at or after the newest one held (or where this load started).
      const newest = this.lines.at(-1)?.offset_seconds ?? Math.max(0, from);
      return [this.ask("after", newest, this.limits.after)];
    }
    const ahead = this.lines.length - upperBound(this.lines, t);
    if (until - t < this.limits.lookaheadSeconds && ahead < this.limits.aheadLines)
      return [this.ask("after", until, this.limits.after)];
    return [];
  }

  /** A page came back. */
  receive(request: PageRequest, answer: PageAnswer<T>, now: number): void {
    if (request.generation !== this.generation) return;
    this.inFlight.delete(request.direction);
    this.failing = false;
    let added = false;
    for (const line of answer.messages) {
      if (this.ids.has(line.id)) continue;
      this.ids.add(line.id);
      this.lines.push(line);
      added = true;
    }
    if (added) this.lines.sort(timelineOrder);
    const next = answer.next_offset_seconds;
    if (request.direction === "before") {
      this.from = next === null ? Number.NEGATIVE_INFINITY : next + EPSILON;
    } else {
      this.until = next === null ? Number.POSITIVE_INFINITY : next;
      if (next === null) this.endCheckedAt = now;
    }
  }

  /** A page could not be loaded: asked again after a pause. */
  failed(request: PageRequest, now: number): void {
    if (request.generation !== this.generation) return;
    this.inFlight.delete(request.direction);
    this.retryAt = now + this.limits.retryMs;
    this.failing = true;
  }

  /** The last `max` lines at or before `t`, in timeline order. */
  visible(t: number, max: number): T[] {
    const end = upperBound(this.lines, t);
    return this.lines.slice(Math.max(0, end - max), end);
  }

  private reset(t: number): PageRequest[] {
    this.generation++;
    this.lines = [];
    this.ids.clear();
    this.from = null;
    this.until = null;
    this.anchor = Math.max(0, t);
    this.inFlight.clear();
    this.retryAt = 0;
    return [
      this.ask("before", this.anchor, this.limits.before),
      this.ask("after", this.anchor, this.limits.after),
    ];
  }

  private ask(direction: PageDirection, offset_seconds: number, limit: number): PageRequest {
    this.inFlight.add(direction);
    return { direction, offset_seconds, limit, generation: this.generation };
  }

  /** Forgets lines long past the playhead, whole offsets at a time (so `from` stays exact). */
  private trim(t: number): void {
    const behind = upperBound(this.lines, t);
    // Some slack, so trimming happens once in a while rather than on every page.
    if (behind <= this.limits.keepBehind + this.limits.after) return;
    const cutOffset = (this.lines[behind - this.limits.keepBehind] as T).offset_seconds;
    const cut = lowerBound(this.lines, cutOffset);
    for (const line of this.lines.slice(0, cut)) this.ids.delete(line.id);
    this.lines = this.lines.slice(cut);
    this.from = Math.max(this.from ?? cutOffset, cutOffset);
  }
}

function timelineOrder(a: Timed, b: Timed): number {
  return a.offset_seconds - b.offset_seconds || a.id - b.id;
}

/** The index of the first line after `t`. */
function upperBound(lines: readonly Timed[], t: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((lines[mid] as Timed).offset_seconds <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the first line at or after `t`. */
function lowerBound(lines: readonly Timed[], t: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((lines[mid] as Timed).offset_seconds < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
