import type { ChatMessage, StoredChatLine } from "../domain/chat.ts";
import { parseIrcLine } from "../twitch/irc/message.ts";
import { chatEventFromIrc } from "./irc-chat.ts";

/**
 * A stored line as viewers read it: colour, badges, emotes, cheers, the reply and a notice's sentence are
 * read from the IRC line kept whole (`raw`), with what capture decided (id, kind, time, author, text,
 * deleted) taken from the row. About 10 µs a line: a page of 100 costs a millisecond.
 */
export function chatMessageOf(line: StoredChatLine): ChatMessage {
  const irc = parseIrcLine(line.raw);
  const event = irc ? chatEventFromIrc(irc, line.sent_at_ms) : null;
  const read = event && "message" in event ? event.message : null;
  return {
    id: line.id,
    video_id: line.video_id,
    msg_id: line.msg_id,
    kind: line.kind,
    offset_seconds: line.offset_ms / 1000,
    sent_at: new Date(line.sent_at_ms).toISOString(),
    user_id: line.user_id,
    user_login: line.user_login,
    display_name: line.display_name,
    text: line.text,
    deleted: line.deleted,
    color: read?.color ?? null,
    system_text: read?.system_text ?? null,
    action: read?.action ?? false,
    badges: read?.badges ?? [],
    emotes: read?.emotes ?? [],
    bits: read?.bits ?? 0,
    reply: read?.reply ?? null,
    params: read?.params ?? {},
  };
}
