/** A recording's chat: the messages viewers saw while it was recorded, placed on the video's timeline. */

/**
 * What a stored chat line is. `message` is a viewer's PRIVMSG (`action` set for `/me`); the USERNOTICE kinds
 * follow Twitch's `msg-id` (anything else is `notice`); `timeout`/`ban`/`clear` are CLEARCHAT; `roomstate`
 * is a change of the room's modes; `deletion` never appears (a CLEARMSG marks its target `deleted`).
 */
export const CHAT_KINDS = [
  "message",
  "sub",
  "resub",
  "subgift",
  "submysterygift",
  "giftpaidupgrade",
  "raid",
  "announcement",
  "bitsbadgetier",
  "notice",
  "timeout",
  "ban",
  "clear",
  "roomstate",
] as const;
export type ChatKind = (typeof CHAT_KINDS)[number];

/** An emote in a message: Twitch's emote id and where it sits, in code points (inclusive), as IRC says. */
export interface ChatEmote {
  id: string;
  begin: number;
  end: number;
}

/** A badge: its set and version (`subscriber/12`), as IRC's `badges` tag lists them. */
export interface ChatBadge {
  set_id: string;
  version: string;
}

/** The message a reply answers, from the `reply-parent-*` tags. */
export interface ChatReplyParent {
  msg_id: string;
  user_login: string;
  display_name: string;
  text: string;
}

/** One chat line as captured, before it is placed on a video's timeline. */
export interface CapturedChatMessage {
  /** Twitch's message id (the `id` tag); for lines without one, a stable id made from the line. */
  msg_id: string;
  kind: ChatKind;
  /** When Twitch's chat server stamped it (`tmi-sent-ts`), epoch milliseconds. */
  sent_at_ms: number;
  user_id: string | null;
  user_login: string | null;
  display_name: string | null;
  /** `#RRGGBB`, or null when the viewer never chose one. */
  color: string | null;
  /** What the viewer wrote (empty for notices without a message). */
  text: string;
  /** Twitch's own sentence for a notice (`system-msg`), e.g. "ronni subscribed for 12 months". */
  system_text: string | null;
  action: boolean;
  badges: ChatBadge[];
  emotes: ChatEmote[];
  bits: number;
  reply: ChatReplyParent | null;
  /** Everything else worth keeping that the kind carries (`msg-param-*`, a timeout's seconds, room modes). */
  params: Record<string, string>;
}

/**
 * A chat line as capture keeps it: the IRC line whole, as Twitch sent it (tags and all), and the few fields
 * lines are found by. Everything else a viewer sees (colour, badges, emotes, cheers, replies, notices) is
 * read from `raw` when the line is shown, so capture does the least work per line and keeps every tag.
 */
export interface RawChatLine {
  msg_id: string;
  kind: ChatKind;
  sent_at_ms: number;
  user_id: string | null;
  user_login: string | null;
  display_name: string | null;
  /** What the viewer wrote (a `/me` without its ACTION wrapper), "" for lines without a message. */
  text: string;
  raw: string;
}

/** A line placed on its video's timeline, as capture writes it. */
export interface PlacedChatLine extends RawChatLine {
  /** Milliseconds on the video's timeline (parts end to end). */
  offset_ms: number;
  deleted: boolean;
}

/** A chat line as the database keeps it (the service reads the rest from `raw`). */
export interface StoredChatLine extends PlacedChatLine {
  id: number;
  video_id: number;
}

/** A stored chat line, as `chat.page` returns it. */
export interface ChatMessage extends Omit<CapturedChatMessage, "sent_at_ms"> {
  /** The row id: the order of lines with the same offset, and a search hit's handle. */
  id: number;
  video_id: number;
  /** Where on the video's timeline it was sent (parts end to end; skipped ads and gaps are a point). */
  offset_seconds: number;
  sent_at: string;
  /** Deleted by a moderator, or its author timed out or banned: kept, shown greyed. */
  deleted: boolean;
}

/** Why chat was not captured for a stretch. */
export const CHAT_GAP_REASONS = ["reconnect", "disconnected", "restart"] as const;
export type ChatGapReason = (typeof CHAT_GAP_REASONS)[number];

/** A stretch of the video without chat: the socket was down (Twitch asked us to reconnect, it dropped). */
export interface ChatGap {
  video_id: number;
  reason: ChatGapReason;
  started_at: string;
  ended_at: string;
  /** Where it starts on the video's timeline, and how many seconds of chat it lacks. */
  offset_seconds: number;
  duration_seconds: number;
}
