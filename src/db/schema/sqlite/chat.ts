import type { ChatBadge, ChatEmote, ChatReplyParent } from "../../../domain/chat.ts";
import { CHAT_GAP_REASONS, CHAT_KINDS } from "../../../domain/chat.ts";
import { oneOf } from "../constraints.ts";
import {
  bigint,
  bool,
  check,
  enumText,
  index,
  int,
  json,
  serial,
  table,
  text,
  timestamp,
  uniqueIndex,
} from "./core.ts";
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
    /** Milliseconds on the video's timeline (parts end to end): the key chat pages are read by. */
    offset_ms: int().notNull(),
    user_id: text(),
    user_login: text(),
    display_name: text(),
    color: text(),
    text: text().notNull(),
    system_text: text(),
    action: bool().notNull().default(false),
    bits: int().notNull().default(0),
    badges: json<ChatBadge[]>().notNull(),
    emotes: json<ChatEmote[]>().notNull(),
    reply: json<ChatReplyParent>(),
    params: json<Record<string, string>>().notNull(),
    /** Deleted by a moderator, or its author timed out or banned: kept, shown greyed. */
    deleted: bool().notNull().default(false),
  },
  (t) => [
    uniqueIndex("chat_messages_msg").on(t.video_id, t.msg_id),
    // Pages at an offset, either way: a seek into the index, whatever the chat's size.
    index("chat_messages_timeline").on(t.video_id, t.offset_ms, t.id),
    // A timeout or ban marks the user's earlier lines.
    index("chat_messages_user").on(t.video_id, t.user_id, t.sent_at),
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
