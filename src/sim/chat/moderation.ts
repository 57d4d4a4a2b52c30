import type { SimChatKind } from "./kinds.ts";
import { type ChatLine, type ChatRoom, type RoomModes, sortTags } from "./room.ts";

/**
 * What moderators do to a room: CLEARCHAT (a timeout with `ban-duration`, a ban, or the whole chat
 * cleared), CLEARMSG (one earlier message deleted, by `target-msg-id`), and ROOMSTATE changes (slow mode,
 * followers-only…: only the changed mode is sent, as Twitch does).
 */

function line(
  room: ChatRoom,
  kind: SimChatKind,
  at: number,
  command: string,
  tags: Record<string, string>,
  trailing: string | null,
  ledger: Pick<ChatLine, "user_login" | "text" | "target_msg_id">,
): ChatLine {
  return {
    kind,
    id: room.nextLocalId(kind),
    sent_at_ms: at,
    ...ledger,
    tags: sortTags(tags),
    prefix: "tmi.twitch.tv",
    command,
    params: [room.channel],
    trailing,
  };
}

/** A recent speaker is timed out (1 s to 10 min) and says nothing until it ends. */
export function timeout(room: ChatRoom, at: number): ChatLine | null {
  const target = room.recent.length > 0 ? room.pick(room.recent).chatter : null;
  if (!target || target.broadcaster) return null;
  const seconds = room.pick([1, 10, 60, 300, 600]);
  room.silence(target.login, at + seconds * 1000);
  const tags = {
    "ban-duration": String(seconds),
    "room-id": room.room_id,
    "target-user-id": target.id,
    "tmi-sent-ts": String(at),
  };
  return line(room, "timeout", at, "CLEARCHAT", tags, target.login, {
    user_login: target.login,
    text: "",
    target_msg_id: null,
  });
}

export function ban(room: ChatRoom, at: number): ChatLine | null {
  const target = room.recent.length > 0 ? room.pick(room.recent).chatter : null;
  if (!target || target.broadcaster) return null;
  room.silence(target.login, Number.POSITIVE_INFINITY);
  const tags = { "room-id": room.room_id, "target-user-id": target.id, "tmi-sent-ts": String(at) };
  return line(room, "ban", at, "CLEARCHAT", tags, target.login, {
    user_login: target.login,
    text: "",
    target_msg_id: null,
  });
}

/** /clear: everything said so far disappears for viewers. */
export function clear(room: ChatRoom, at: number): ChatLine {
  room.recent.length = 0;
  const tags = { "room-id": room.room_id, "tmi-sent-ts": String(at) };
  return line(room, "clear", at, "CLEARCHAT", tags, null, {
    user_login: null,
    text: "",
    target_msg_id: null,
  });
}

/** One earlier message deleted; the trailing parameter is its text. */
export function deletion(room: ChatRoom, at: number): ChatLine | null {
  const target = room.takeRecent();
  if (!target) return null;
  const tags = {
    login: target.chatter.login,
    "room-id": room.room_id,
    "target-msg-id": target.id,
    "tmi-sent-ts": String(at),
  };
  return line(room, "deletion", at, "CLEARMSG", tags, target.text, {
    user_login: target.chatter.login,
    text: target.text,
    target_msg_id: target.id,
  });
}

const MODE_VALUES: Record<keyof RoomModes, { off: number; on: number[] }> = {
  "emote-only": { off: 0, on: [1] },
  "followers-only": { off: -1, on: [0, 10, 30, 1440] },
  r9k: { off: 0, on: [1] },
  slow: { off: 0, on: [3, 10, 30, 120] },
  "subs-only": { off: 0, on: [1] },
};

/** One mode switched on (or off again); ROOMSTATE then carries just that tag and `room-id`. */
export function roomstate(room: ChatRoom, at: number): ChatLine {
  const mode = room.pick(Object.keys(MODE_VALUES) as (keyof RoomModes)[]);
  const { off, on } = MODE_VALUES[mode];
  room.modes[mode] = room.modes[mode] === off ? room.pick(on) : off;
  const change = `${mode}=${room.modes[mode]}`;
  const tags = { "room-id": room.room_id, [mode]: String(room.modes[mode]) };
  return line(room, "roomstate", at, "ROOMSTATE", tags, null, {
    user_login: null,
    text: change,
    target_msg_id: null,
  });
}
