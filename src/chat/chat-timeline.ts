/**
 * Where a chat line goes on a video's timeline, from the segments the recorder placed (pure).
 *
 * A line sent at time T belongs where the broadcast's picture of time T is: inside a recorded segment,
 * that segment's start plus how far into it T is; in a skipped stretch (an ad, a lost segment, the
 * broadcast offline between two parts), the point where the video skips it. Lines are placed once the
 * recording has reached their time, so they wait a few seconds (Twitch lists a segment after it is made).
 */

/** What the recorder says of each segment (see SegmentPlacement). */
export interface Placement {
  broadcastAtMs: number;
  seconds: number;
  atSeconds: number;
  recorded: boolean;
}

export class ChatTimeline {
  private readonly spans: Placement[] = [];

  get empty(): boolean {
    return this.spans.length === 0;
  }

  /** The broadcast time the recording has reached (the end of its newest segment); null before any. */
  get reachedMs(): number | null {
    const last = this.spans.at(-1);
    return last ? last.broadcastAtMs + last.seconds * 1000 : null;
  }

  /** Where the video ends so far, in seconds. */
  get endSeconds(): number {
    const last = this.spans.at(-1);
    return last ? last.atSeconds + (last.recorded ? last.seconds : 0) : 0;
  }

  add(placement: Placement): void {
    const last = this.spans.at(-1);
    // Times only go forward: a date a stale edge sends back in time is taken as following on.
    const broadcastAtMs = last
      ? Math.max(placement.broadcastAtMs, last.broadcastAtMs + last.seconds * 1000)
      : placement.broadcastAtMs;
    this.spans.push({ ...placement, broadcastAtMs });
  }

  /**
   * The offset (seconds) of a line sent at `sentAtMs`, or null while the recording has not reached that time.
   * Before the first segment: the start of what was recorded. `final` (the recording is over) places a line
   * past the end at the end.
   */
  offsetOf(sentAtMs: number, final = false): number | null {
    const reached = this.reachedMs;
    if (reached === null) return final ? 0 : null;
    if (sentAtMs >= reached) return final ? this.endSeconds : null;
    const span = this.spans[this.lastStartingBy(sentAtMs)];
    if (!span) return this.spans[0]?.atSeconds ?? 0;
    if (!span.recorded) return span.atSeconds;
    return span.atSeconds + Math.min((sentAtMs - span.broadcastAtMs) / 1000, span.seconds);
  }

  /**
   * Where a line the recording has not reached would go if the broadcast goes on as it does (lines that
   * waited too long: a stalled recording). Never before the end so far.
   */
  projectedOffsetOf(sentAtMs: number): number {
    const reached = this.reachedMs;
    if (reached === null) return 0;
    return this.endSeconds + Math.max(0, (sentAtMs - reached) / 1000);
  }

  /** Forgets segments no line sent at or after `sentAtMs` needs (memory stays flat on long streams). */
  forgetBefore(sentAtMs: number): void {
    const keepFrom = this.lastStartingBy(sentAtMs);
    if (keepFrom > 0) this.spans.splice(0, keepFrom);
  }

  /** Index of the last span starting at or before `ms`, or -1 (binary search: spans are in time order). */
  private lastStartingBy(ms: number): number {
    let lo = 0;
    let hi = this.spans.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.spans[mid]?.broadcastAtMs ?? 0) <= ms) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}
