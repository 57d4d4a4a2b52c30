import { CHAT_GAP_REASONS, CHAT_KINDS } from "../../../domain/chat.ts";
import { oneOf } from "../constraints.ts";
import { bigint, bool, check, enumText, index, int, serial, table, text, timestamp } from "./core.ts";
import { videos } from "./videos.ts";

/** A recording's chat: every line captured while it recorded, and the stretches where chat was not read. */

export const chatMessages = table(
  "chat_messages",
  {
    id: serial(),
    video_id: bigint()
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    /** Twitch's message id (or one made from the line): a line is stored once per video. */
    msg_id: text().notNull(),
    kind: enumText(CHAT_KINDS).notNull(),
    /** `tmi-sent-ts`: when Twitch's chat server stamped it. */
    sent_at: timestamp().notNull(),
    /** Milliseconds on the video's timeline (parts end to end): the key chat is read by. */
    offset_ms: int().notNull(),
    user_id: text(),
    user_login: text(),
    display_name: text(),
    /** What the viewer wrote: searched, and listed without reading `raw`. */
    text: text().notNull(),
    /** Deleted by a moderator, or its author timed out or banned: kept, shown greyed. */
    deleted: bool().notNull().default(false),
    /** The IRC line as Twitch sent it, every tag kept: colour, badges, emotes, cheers, replies are read from it. */
    raw: text().notNull(),
  },
  (t) => [
    // The only index: lines are written in timeline order, so it grows at its end (cheap at hundreds of
    // lines a second, where an index on the random message id or user id cost 10× more per line, measured);
    // a line stored once, deletions and timeouts all look near their offset through it.
    index("chat_messages_timeline").on(t.video_id, t.offset_ms, t.id),
    check("chat_messages_kind", oneOf(t.kind, CHAT_KINDS)),
  ],
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
