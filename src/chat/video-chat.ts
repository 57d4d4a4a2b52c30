import type { ChatGapReason, PlacedChatLine, RawChatLine } from "../domain/chat.ts";
import { ChatTimeline, type Placement } from "./chat-timeline.ts";

/** A line ready for the database: placed on the timeline, deleted already if a moderator was quick. */
export type PlacedChatMessage = PlacedChatLine;

export interface PlacedChatGap {
  reason: ChatGapReason;
  started_at_ms: number;
  ended_at_ms: number;
  offset_ms: number;
  duration_ms: number;
}

/** What one flush hands the database, in this order: new lines, then deletions of stored ones, then gaps. */
export interface ChatFlush {
  messages: PlacedChatMessage[];
  /** Stored lines a moderator deleted, or whose author was timed out or banned: where each is. */
  deletions: { msg_id: string; offset_ms: number }[];
  gaps: PlacedChatGap[];
  /** Holds lines a failed write may have stored after all (their second try skips those). */
  retry: boolean;
}

interface Pending {
  message: RawChatLine;
  receivedAtMs: number;
}

/** A line written lately: where it is, so a deletion or a timeout finds it without searching. */
interface Written {
  offset_ms: number;
  user_id: string | null;
  kind: RawChatLine["kind"];
}

/**
 * How many written lines a deletion or timeout can still reach. Twitch's players remove a timed-out
 * viewer's lines from what they hold (a few hundred lines at most), so older lines stay as viewers saw them.
 */
export const RECENT_LINES = 2000;

/**
 * One recording's chat between the socket and the database (no I/O): lines wait until the recording has
 * reached their time, then leave placed; deletions mark a waiting line or go to the database; outages
 * become gaps. Lines wait at most `holdMs` (a stalled recording), then go where the broadcast would be.
 */
export class VideoChat {
  readonly timeline = new ChatTimeline();
  private pending: Pending[] = [];
  /** The last RECENT_LINES lines written, oldest first (a Map keeps insertion order). */
  private readonly recent = new Map<string, Written>();
  /** The same lines' ids by author, so a timeout reads only its user's. */
  private readonly recentByUser = new Map<string, Set<string>>();
  private deletions: ChatFlush["deletions"] = [];
  private gaps: Omit<PlacedChatGap, "offset_ms">[] = [];
  private down: { reason: ChatGapReason; atMs: number } | null = null;
  /** A flush the database did not take, written first next time (already placed: the timeline moved on). */
  private unwritten: ChatFlush | null = null;
  /** The offset of the last line placed: lines leave in timeline order, never before it. */
  private placedUpToMs = 0;
  /**
   * Deletions (msg id → when sent) and timeouts/bans (user id → when sent) whose lines may still be
   * waiting: applied as lines leave, so neither searches the waiting lines (thousands, a few seconds' worth).
   */
  private readonly deletedWaiting = new Map<string, number>();
  private readonly clearedWaiting = new Map<string, number>();

  constructor(
    readonly videoId: number,
    public login: string,
    private readonly limits: { holdMs: number; maxPending: number },
  ) {}

  get waiting(): number {
    return this.pending.length;
  }

  /** A resumed recording's chat continues after what was stored (its last line's offset). */
  resumeAfter(offsetMs: number): void {
    this.placedUpToMs = Math.max(this.placedUpToMs, offsetMs);
  }

  placed(placement: Placement): void {
    this.timeline.add(placement);
  }

  /** A line to keep. Returns false when one had to be dropped to keep memory flat (the database is away). */
  message(message: RawChatLine, receivedAtMs: number): boolean {
    this.pending.push({ message, receivedAtMs });
    if (this.pending.length <= this.limits.maxPending) return true;
    this.pending.shift();
    return false;
  }

  /** A moderator deleted one line (CLEARMSG, sent at `sentAtMs`). */
  deleteMessage(msgId: string, sentAtMs: number): void {
    const written = this.recent.get(msgId);
    if (written) this.deletions.push({ msg_id: msgId, offset_ms: written.offset_ms });
    else this.deletedWaiting.set(msgId, sentAtMs);
  }

  /** A user timed out or banned at `sentAtMs`: their lines so far are marked. */
  clearUser(userId: string, sentAtMs: number): void {
    this.clearedWaiting.set(userId, Math.max(sentAtMs, this.clearedWaiting.get(userId) ?? 0));
    for (const msg_id of this.recentByUser.get(userId) ?? []) {
      const w = this.recent.get(msg_id);
      if (w?.kind === "message") this.deletions.push({ msg_id, offset_ms: w.offset_ms });
    }
  }

  /** The socket went down: chat is not being captured from `atMs`. */
  socketDown(reason: ChatGapReason, atMs: number): void {
    if (!this.down) this.down = { reason, atMs };
  }

  /** The socket is back (and the channel joined again): the outage is a gap. */
  socketUp(atMs: number): void {
    if (!this.down) return;
    this.gap(this.down.reason, this.down.atMs, atMs);
    this.down = null;
  }

  gap(reason: ChatGapReason, startedAtMs: number, endedAtMs: number): void {
    if (endedAtMs <= startedAtMs) return;
    this.gaps.push({
      reason,
      started_at_ms: startedAtMs,
      ended_at_ms: endedAtMs,
      duration_ms: endedAtMs - startedAtMs,
    });
  }

  /**
   * What can be written now: lines the recording has reached (or that waited `holdMs`), every deletion,
   * the gaps. `final` (the recording is over) takes everything, an outage still open included.
   */
  take(nowMs: number, final = false): ChatFlush {
    if (final && this.down) this.socketUp(nowMs);
    const messages: PlacedChatMessage[] = [];
    const keep: Pending[] = [];
    for (const p of this.pending) {
      const offset = this.offset(p.message.sent_at_ms, final, nowMs - p.receivedAtMs > this.limits.holdMs);
      if (offset === null) keep.push(p);
      else
        messages.push({
          ...p.message,
          offset_ms: Math.round(offset * 1000),
          deleted: this.deletedNow(p.message),
        });
    }
    this.pending = keep;
    this.forgetDeletionsBefore(keep);
    // In timeline order, none before what was written already (a line Twitch stamped a little out of order,
    // or one placed by projection earlier): the database's chunks of a video never overlap.
    messages.sort((a, b) => a.offset_ms - b.offset_ms);
    for (const m of messages) {
      if (m.offset_ms < this.placedUpToMs) m.offset_ms = this.placedUpToMs;
      this.placedUpToMs = m.offset_ms;
    }
    const gaps: PlacedChatGap[] = [];
    const keepGaps: typeof this.gaps = [];
    for (const g of this.gaps) {
      const offset = this.offset(g.started_at_ms, final, nowMs - g.ended_at_ms > this.limits.holdMs);
      if (offset === null) keepGaps.push(g);
      else gaps.push({ ...g, offset_ms: Math.round(offset * 1000) });
    }
    this.gaps = keepGaps;
    // Moderators delete viewers' messages (CLEARMSG), and a timeout or ban marks only those.
    for (const m of messages) if (m.kind === "message") this.remember(m);
    const deletions = this.deletions;
    this.deletions = [];
    const retry = this.unwritten;
    this.unwritten = null;
    const flush = {
      messages: [...(retry?.messages ?? []), ...messages],
      deletions: [...(retry?.deletions ?? []), ...deletions],
      gaps: [...(retry?.gaps ?? []), ...gaps],
      retry: retry !== null,
    };
    // The segments still needed: from the oldest line or gap waiting (a loop: there may be 100,000).
    let oldest = this.timeline.reachedMs ?? Number.POSITIVE_INFINITY;
    for (const p of this.pending) oldest = Math.min(oldest, p.message.sent_at_ms);
    for (const g of this.gaps) oldest = Math.min(oldest, g.started_at_ms);
    if (Number.isFinite(oldest)) this.timeline.forgetBefore(oldest);
    return flush;
  }

  /** Whether a line leaving now was deleted while it waited. */
  private deletedNow(line: RawChatLine): boolean {
    if (this.deletedWaiting.size > 0 && this.deletedWaiting.delete(line.msg_id)) return true;
    if (this.clearedWaiting.size === 0 || line.kind !== "message" || !line.user_id) return false;
    const clearedAt = this.clearedWaiting.get(line.user_id);
    return clearedAt !== undefined && line.sent_at_ms <= clearedAt;
  }

  /** A deletion is sent after its line: one older than every waiting line has nothing left to mark. */
  private forgetDeletionsBefore(waiting: readonly Pending[]): void {
    if (this.deletedWaiting.size === 0 && this.clearedWaiting.size === 0) return;
    let oldest = Number.POSITIVE_INFINITY;
    for (const p of waiting) oldest = Math.min(oldest, p.message.sent_at_ms);
    for (const map of [this.deletedWaiting, this.clearedWaiting])
      for (const [key, sentAt] of map) if (sentAt < oldest) map.delete(key);
  }

  private remember(line: PlacedChatMessage): void {
    this.recent.set(line.msg_id, { offset_ms: line.offset_ms, user_id: line.user_id, kind: line.kind });
    if (line.user_id) {
      const mine = this.recentByUser.get(line.user_id) ?? new Set<string>();
      mine.add(line.msg_id);
      this.recentByUser.set(line.user_id, mine);
    }
    if (this.recent.size <= RECENT_LINES) return;
    const oldest = this.recent.keys().next().value as string;
    const user = this.recent.get(oldest)?.user_id;
    this.recent.delete(oldest);
    const theirs = user ? this.recentByUser.get(user) : undefined;
    theirs?.delete(oldest);
    if (user && theirs?.size === 0) this.recentByUser.delete(user);
  }

  /**
   * Keeps what a failed write did not store, to be written first with the next flush. Lines beyond
   * `maxPending` are dropped (the database has been away long): returns how many.
   */
  putBack(flush: ChatFlush): number {
    const excess = Math.max(0, flush.messages.length + this.pending.length - this.limits.maxPending);
    this.unwritten = { ...flush, messages: flush.messages.slice(Math.min(excess, flush.messages.length)) };
    return excess;
  }

  private offset(sentAtMs: number, final: boolean, waitedTooLong: boolean): number | null {
    const offset = this.timeline.offsetOf(sentAtMs, final);
    if (offset !== null || !waitedTooLong || this.timeline.empty) return offset;
    return this.timeline.projectedOffsetOf(sentAtMs);
  }
}
