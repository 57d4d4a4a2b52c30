import { CHAT_GAP_REASONS } from "../../../domain/chat.ts";
import { oneOf } from "../constraints.ts";
import { bigint, check, enumText, index, int, serial, table, text, timestamp } from "./core.ts";
import { videos } from "./videos.ts";

/** A recording's chat: every line captured while it recorded, and the stretches where chat was not read. */

export const chatChunks = table(
  "chat_chunks",
  {
    id: serial(),
    video_id: bigint()
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    /** The first and last line's milliseconds on the video's timeline (parts end to end). */
    first_offset_ms: int().notNull(),
    last_offset_ms: int().notNull(),
    line_count: int().notNull(),
    /**
     * The lines, in timeline order, one per text line: `offset_ms sent_at_ms deleted(0|1) raw-IRC-line`
     * (src/chat/chat-chunk.ts). Everything a viewer sees is read from the IRC line kept whole.
     */
    lines: text().notNull(),
  },
  (t) => [
    // One row per write (about a second of one channel's chat), so an index costs nothing per line. A
    // video's chunks do not overlap (capture writes in timeline order): either end finds a position.
    index("chat_chunks_from").on(t.video_id, t.first_offset_ms),
    index("chat_chunks_to").on(t.video_id, t.last_offset_ms),
  ],
);

/** Lines deleted after they were written (a moderator's CLEARMSG, their author timed out or banned). */
export const chatDeletions = table(
  "chat_deletions",
  {
    id: serial(),
    video_id: bigint()
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    /** Where the deleted line is, and its message id. */
    offset_ms: int().notNull(),
    msg_id: text().notNull(),
  },
  (t) => [index("chat_deletions_video").on(t.video_id, t.offset_ms)],
);

export const chatGaps = table(
  "chat_gaps",
  {
    id: serial(),
    video_id: bigint()
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    reason: enumText(CHAT_GAP_REASONS).notNull(),
    started_at: timestamp().notNull(),
    ended_at: timestamp().notNull(),
    /** Where it starts on the video's timeline, and how long chat was not read, in milliseconds. */
    offset_ms: int().notNull(),
    duration_ms: int().notNull(),
  },
  (t) => [
    index("chat_gaps_video").on(t.video_id, t.offset_ms),
    check("chat_gaps_reason", oneOf(t.reason, CHAT_GAP_REASONS)),
  ],
);
