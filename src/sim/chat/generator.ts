import type { SimChatKind } from "./kinds.ts";
import { ban, clear, deletion, roomstate, timeout } from "./moderation.ts";
import { action, cheer, message, reply } from "./privmsg.ts";
import type { ChatLine, ChatRoom } from "./room.ts";
import {
  announcement,
  bitsbadgetier,
  giftpaidupgrade,
  raid,
  resub,
  sub,
  subgift,
  submysterygift,
  viewermilestone,
} from "./usernotice.ts";

type Make = (room: ChatRoom, at: number) => ChatLine | null;

const MAKERS: Record<SimChatKind, Make> = {
  message,
  action,
  cheer,
  reply,
  sub,
  resub,
  subgift,
  submysterygift,
  giftpaidupgrade,
  raid,
  announcement,
  bitsbadgetier,
  viewermilestone,
  timeout,
  ban,
  clear,
  deletion,
  roomstate,
};

/**
 * One line of `kind` for the room at simulated time `at`. Kinds that need something said first (a
 * deletion, a timeout) fall back to a plain message when the room is still quiet.
 */
export function generateLine(room: ChatRoom, kind: SimChatKind, at: number): ChatLine {
  return MAKERS[kind](room, at) ?? message(room, at);
}
