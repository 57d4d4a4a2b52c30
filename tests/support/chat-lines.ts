import type { ChatMessage, PlacedChatLine } from "../../src/domain/chat.ts";
import { formatIrcLine } from "../../src/twitch/irc/message.ts";

export const CHAT_T0 = Date.parse("2026-11-28T12:00:00.000Z");

type Fields = Partial<Omit<ChatMessage, "id" | "video_id" | "offset_seconds" | "sent_at">>;

/**
 * A chat line as capture stores it, with a real IRC line (`raw`) that reads back as `fields` say: a viewer's
 * PRIVMSG, or a USERNOTICE for the notice kinds. Line `n` is sent `offsetMs` into a video that started at
 * CHAT_T0, by one of three viewers.
 */
export function chatLine(n: number, offsetMs: number, fields: Fields = {}): PlacedChatLine {
  const f = {
    msg_id: `m${n}`,
    kind: "message" as ChatMessage["kind"],
    user_id: `u${n % 3}`,
    user_login: `viewer${n % 3}`,
    display_name: `Viewer${n % 3}`,
    color: "#FF0000" as string | null,
    text: `hello ${n}`,
    system_text: null as string | null,
    action: false,
    badges: [{ set_id: "subscriber", version: "12" }],
    emotes: [] as ChatMessage["emotes"],
    bits: 0,
    reply: null as ChatMessage["reply"],
    params: {} as Record<string, string>,
    deleted: false,
    ...fields,
  };
  const sent = CHAT_T0 + offsetMs;
  const emotes = new Map<string, string[]>();
  for (const e of f.emotes) emotes.set(e.id, [...(emotes.get(e.id) ?? []), `${e.begin}-${e.end}`]);
  const tags: Record<string, string> = {
    badges: f.badges.map((b) => `${b.set_id}/${b.version}`).join(","),
    ...(f.bits ? { bits: String(f.bits) } : {}),
    color: f.color ?? "",
    "display-name": f.display_name ?? "",
    emotes: [...emotes].map(([id, ranges]) => `${id}:${ranges.join(",")}`).join("/"),
    id: f.msg_id,
    ...(f.reply
      ? {
          "reply-parent-msg-id": f.reply.msg_id,
          "reply-parent-user-login": f.reply.user_login,
          "reply-parent-display-name": f.reply.display_name,
          "reply-parent-msg-body": f.reply.text,
        }
      : {}),
    "tmi-sent-ts": String(sent),
    "user-id": f.user_id ?? "",
  };
  const notice = f.kind !== "message";
  if (notice) {
    tags.login = f.user_login ?? "";
    tags["msg-id"] = f.kind;
    if (f.system_text) tags["system-msg"] = f.system_text;
  }
  for (const [k, v] of Object.entries(f.params)) tags[k] = v;
  const text = f.action ? `\u0001ACTION ${f.text}\u0001` : f.text;
  const raw = formatIrcLine({
    tags,
    prefix: notice ? "tmi.twitch.tv" : `${f.user_login}!${f.user_login}@${f.user_login}.tmi.twitch.tv`,
    command: notice ? "USERNOTICE" : "PRIVMSG",
    params: ["#channel", ...(notice && !text ? [] : [text])],
  });
  return {
    msg_id: f.msg_id,
    kind: f.kind,
    sent_at_ms: sent,
    offset_ms: offsetMs,
    user_id: f.user_id,
    user_login: f.user_login,
    display_name: f.display_name,
    text: f.text,
    deleted: f.deleted,
    raw,
  };
}
