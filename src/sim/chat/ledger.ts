import type { SimChatKind } from "./kinds.ts";
import type { ChatLine } from "./room.ts";

/** What the chat ledger says of one line sent to a channel. */
export interface LedgerEntry {
  /** 1, 2, … per channel: the paging cursor (`?since=`). */
  seq: number;
  id: string;
  kind: SimChatKind;
  sent_at_ms: number;
  user_login: string | null;
  text: string;
  target_msg_id: string | null;
  /** Sockets joined to the channel that were handed the line (0: nobody was listening). */
  delivered_to: number;
}

export interface LedgerPage {
  entries: LedgerEntry[];
  /** Pass as `since` for the next page; null when this page reached the end. */
  next_since: number | null;
  /** Entries dropped from the front (past `limit`): a reader asking for them gets what is left. */
  dropped: number;
}

/**
 * Every line the simulated chat sent to one channel, in order. Past `limit` entries the oldest are dropped
 * (a long run at a high rate would otherwise hold them all).
 */
export class ChatLedger {
  private entries: LedgerEntry[] = [];
  private seq = 0;
  private droppedCount = 0;

  constructor(private readonly limit: number) {}

  record(line: ChatLine, deliveredTo: number): LedgerEntry {
    const entry: LedgerEntry = {
      seq: ++this.seq,
      id: line.id,
      kind: line.kind,
      sent_at_ms: line.sent_at_ms,
      user_login: line.user_login,
      text: line.text,
      target_msg_id: line.target_msg_id,
      delivered_to: deliveredTo,
    };
    this.entries.push(entry);
    if (this.entries.length > this.limit + this.limit / 10) {
      // Drop in batches, so a full ledger does not shift its array on every line.
      const excess = this.entries.length - this.limit;
      this.entries = this.entries.slice(excess);
      this.droppedCount += excess;
    }
    return entry;
  }

  get size(): number {
    return this.seq;
  }

  /** Entries after `since` (a seq), at most `max`. */
  page(since: number, max: number): LedgerPage {
    const first = this.entries[0]?.seq ?? this.seq + 1;
    const start = Math.max(0, since + 1 - first);
    const entries = this.entries.slice(start, start + max);
    const last = entries[entries.length - 1];
    return {
      entries,
      next_since: last && last.seq < this.seq ? last.seq : null,
      dropped: this.droppedCount,
    };
  }
}
