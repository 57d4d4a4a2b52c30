import type { CapturedChatMessage, ChatBadge, ChatEmote, ChatKind } from "../domain/chat.ts";
import type { IrcMessage } from "../twitch/irc/message.ts";

/**
 * What one IRC line of a channel means for its stored chat. `message` is a line to store; `delete` marks a
 * stored line (CLEARMSG); `clear_user` marks a viewer's lines (a timeout or ban) and is stored itself as a
 * `timeout`/`ban` line; `clear` (a moderator's /clear) and `roomstate` (the room's modes) are stored lines
 * the replay treats specially.
 */
export type ChatEvent =
  | { type: "message"; message: CapturedChatMessage }
  | { type: "delete"; msg_id: string }
  | {
      type: "clear_user";
      user_id: string | null;
      user_login: string;
      sent_at_ms: number;
      message: CapturedChatMessage;
    }
  | { type: "clear"; message: CapturedChatMessage }
  | { type: "roomstate"; message: CapturedChatMessage };

/** USERNOTICE `msg-id`s stored as their own kind (the anonymous variants as the named one); others are `notice`. */
export const NOTICE_KINDS: Record<string, ChatKind> = {
  sub: "sub",
  resub: "resub",
  subgift: "subgift",
  anonsubgift: "subgift",
  submysterygift: "submysterygift",
  anonsubmysterygift: "submysterygift",
  giftpaidupgrade: "giftpaidupgrade",
  anongiftpaidupgrade: "giftpaidupgrade",
  raid: "raid",
  announcement: "announcement",
  bitsbadgetier: "bitsbadgetier",
};

/** PRIVMSG tags kept in `params` besides every `msg-param-*` and `pinned-chat-paid-*`. */
const KEPT_MESSAGE_TAGS = [
  "msg-id",
  "custom-reward-id",
  "first-msg",
  "returning-chatter",
  "animation-id",
  "source-room-id",
];
/** ROOMSTATE's mode tags: a change carries only the ones that changed, the state after JOIN all of them. */
export const ROOM_MODES = ["emote-only", "followers-only", "r9k", "slow", "subs-only"];
const COLOR = /^#[0-9a-fA-F]{6}$/;
const ACTION_START = "\u0001ACTION ";

/**
 * One IRC line of a joined channel to what it means for the stored chat, or null for anything else.
 * `received_at_ms` stands in for `tmi-sent-ts` on lines without one (ROOMSTATE, NOTICE). The first full
 * ROOMSTATE after each JOIN is kept as a `roomstate` line like a change: it says which modes the room had
 * when capture (re)started, which a replay cannot know otherwise.
 */
export function chatEventFromIrc(irc: IrcMessage, received_at_ms: number): ChatEvent | null {
  const channel = irc.params[0];
  if (!channel?.startsWith("#")) return null;
  switch (irc.command) {
    case "PRIVMSG":
      return { type: "message", message: privmsg(irc, received_at_ms) };
    case "USERNOTICE":
      return { type: "message", message: usernotice(irc, received_at_ms) };
    case "CLEARMSG": {
      const target = irc.tags["target-msg-id"];
      return target ? { type: "delete", msg_id: target } : null;
    }
    case "CLEARCHAT":
      return clearchat(irc, received_at_ms);
    case "ROOMSTATE":
      return roomstate(irc, received_at_ms);
    case "NOTICE": {
      const message = base(irc, "notice", received_at_ms);
      message.system_text = irc.params[1] ?? "";
      if (irc.tags["msg-id"]) message.params["msg-id"] = irc.tags["msg-id"];
      return { type: "message", message };
    }
    default:
      return null;
  }
}

function privmsg(irc: IrcMessage, received_at_ms: number): CapturedChatMessage {
  const message = base(irc, "message", received_at_ms);
  const t = irc.tags;
  message.user_login = irc.prefix?.nick.toLowerCase() || t.login || null;
  message.display_name = t["display-name"]?.trim() || message.user_login;
  let text = irc.params[1] ?? "";
  if (text.startsWith(ACTION_START)) {
    text = text.slice(ACTION_START.length, text.endsWith("\u0001") ? -1 : undefined);
    message.action = true;
  }
  message.text = text;
  message.bits = nonNegativeInt(t.bits);
  if (t["reply-parent-msg-id"]) {
    message.reply = {
      msg_id: t["reply-parent-msg-id"],
      user_login: t["reply-parent-user-login"] ?? "",
      display_name: t["reply-parent-display-name"] ?? t["reply-parent-user-login"] ?? "",
      text: t["reply-parent-msg-body"] ?? "",
    };
  }
  for (const key of KEPT_MESSAGE_TAGS) if (t[key]) message.params[key] = t[key];
  keepPrefixed(t, message.params, "pinned-chat-paid-");
  return message;
}

function usernotice(irc: IrcMessage, received_at_ms: number): CapturedChatMessage {
  const t = irc.tags;
  const msgId = t["msg-id"] ?? "";
  const message = base(irc, NOTICE_KINDS[msgId] ?? "notice", received_at_ms);
  message.user_login = t.login?.toLowerCase() || null;
  message.display_name = t["display-name"]?.trim() || message.user_login;
  message.text = irc.params[1] ?? "";
  message.system_text = t["system-msg"] ?? null;
  message.bits = nonNegativeInt(t.bits);
  if (msgId) message.params["msg-id"] = msgId;
  keepPrefixed(t, message.params, "msg-param-");
  return message;
}

function clearchat(irc: IrcMessage, received_at_ms: number): ChatEvent {
  const target = irc.params[1]?.toLowerCase();
  if (!target) return { type: "clear", message: base(irc, "clear", received_at_ms) };
  const duration = irc.tags["ban-duration"];
  const message = base(irc, duration ? "timeout" : "ban", received_at_ms);
  const user_id = irc.tags["target-user-id"] || null;
  message.user_id = user_id;
  message.user_login = target;
  message.display_name = target;
  if (duration) message.params.duration_seconds = duration;
  return { type: "clear_user", user_id, user_login: target, sent_at_ms: message.sent_at_ms, message };
}

function roomstate(irc: IrcMessage, received_at_ms: number): ChatEvent | null {
  const message = base(irc, "roomstate", received_at_ms);
  for (const mode of ROOM_MODES) {
    const value = irc.tags[mode];
    if (value !== undefined) message.params[mode] = value;
  }
  return Object.keys(message.params).length > 0 ? { type: "roomstate", message } : null;
}

/** The fields every kind shares, from the tags every kind may carry. */
function base(irc: IrcMessage, kind: ChatKind, received_at_ms: number): CapturedChatMessage {
  const t = irc.tags;
  const sent = Number(t["tmi-sent-ts"]);
  const sent_at_ms = t["tmi-sent-ts"] && Number.isSafeInteger(sent) && sent > 0 ? sent : received_at_ms;
  return {
    msg_id: t.id || stableId(irc, sent_at_ms),
    kind,
    sent_at_ms,
    user_id: t["user-id"] || null,
    user_login: null,
    display_name: null,
    color: t.color && COLOR.test(t.color) ? t.color.toUpperCase() : null,
    text: "",
    system_text: null,
    action: false,
    badges: parseBadges(t.badges ?? ""),
    emotes: parseEmotes(t.emotes ?? ""),
    bits: 0,
    reply: null,
    params: {},
  };
}

/** `subscriber/12,premium/1` → its badges, in Twitch's order. */
export function parseBadges(value: string): ChatBadge[] {
  if (!value) return [];
  const badges: ChatBadge[] = [];
  for (const item of value.split(",")) {
    const slash = item.indexOf("/");
    if (slash <= 0) continue;
    badges.push({ set_id: item.slice(0, slash), version: item.slice(slash + 1) });
  }
  return badges;
}

/** `25:0-4,12-16/1902:6-10` → one entry per occurrence, by position (code points, inclusive). */
export function parseEmotes(value: string): ChatEmote[] {
  if (!value) return [];
  const emotes: ChatEmote[] = [];
  for (const group of value.split("/")) {
    const colon = group.indexOf(":");
    if (colon <= 0) continue;
    const id = group.slice(0, colon);
    for (const range of group.slice(colon + 1).split(",")) {
      const dash = range.indexOf("-");
      const begin = Number(range.slice(0, dash));
      const end = Number(range.slice(dash + 1));
      if (dash > 0 && Number.isInteger(begin) && Number.isInteger(end) && begin >= 0 && end >= begin) {
        emotes.push({ id, begin, end });
      }
    }
  }
  return emotes.sort((a, b) => a.begin - b.begin);
}

/** An id for a line Twitch gave none: the same line (same tags, same time) always gets the same one. */
function stableId(irc: IrcMessage, sent_at_ms: number): string {
  const tags = Object.keys(irc.tags)
    .sort()
    .map((k) => `${k}=${irc.tags[k]}`)
    .join(";");
  const hash = Bun.hash(`${irc.command}\n${tags}\n${irc.params.join("\n")}\n${sent_at_ms}`);
  return `irc-${hash.toString(16).padStart(16, "0")}`;
}

function keepPrefixed(tags: Record<string, string>, into: Record<string, string>, prefix: string): void {
  for (const key in tags) if (key.startsWith(prefix)) into[key] = tags[key] as string;
}

function nonNegativeInt(value: string | undefined): number {
  const n = Number(value);
  return value && Number.isSafeInteger(n) && n > 0 ? n : 0;
}
