import type { Chatter } from "./chatters.ts";
import { compose, type PlacedEmote, SIM_EMOTES, type SimEmote } from "./emotes.ts";
import type { SimChatKind } from "./kinds.ts";
import { type ChatLine, type ChatRoom, sortTags, userPrefix } from "./room.ts";

/** Viewers' messages (PRIVMSG): plain, `/me` actions, cheers with bits, replies to an earlier message. */

const WORDS = [
  "gg",
  "lol",
  "nice",
  "what",
  "was",
  "that",
  "clutch",
  "no",
  "way",
  "chat",
  "is",
  "this",
  "real",
  "hello",
  "from",
  "Lyon",
  "first",
  "time",
  "here",
  "love",
  "the",
  "stream",
  "play",
  "again",
  "pog",
  "ez",
  "wait",
  "for",
  "it",
  "insane",
  "hype",
  "let's",
  "go",
  "monkaS",
  "so",
  "close",
  "again!",
];
/** Text a naive UTF-16 count gets wrong (outside the BMP, a ZWJ sequence) or tags must escape. */
const ASTRAL = ["😂", "🎉", "🔥", "👀", "🧡", "🫠", "👩‍💻"];
const ODD = ["wait;", "back\\slash", "café", "ñandú", "♥", "a;b c"];

/** Words, emotes and emoji; some messages put an emoji outside the BMP right before an emote. */
function pieces(room: ChatRoom, min: number, max: number): (string | SimEmote)[] {
  const { random } = room;
  const out: (string | SimEmote)[] = [];
  const count = random.int(min, max);
  for (let i = 0; i < count; i++) {
    const draw = random.next();
    if (draw < 0.62) out.push(room.pick(WORDS));
    else if (draw < 0.82) {
      if (random.chance(0.35)) out.push(room.pick(ASTRAL));
      out.push(room.pick(SIM_EMOTES));
    } else if (draw < 0.94) out.push(room.pick(ASTRAL));
    else out.push(room.pick(ODD));
  }
  return out;
}

function privmsg(
  room: ChatRoom,
  kind: SimChatKind,
  chatter: Chatter,
  at: number,
  body: { text: string; emotes: PlacedEmote[] },
  extra: Record<string, string> = {},
  action = false,
): ChatLine {
  const id = room.random.uuid();
  const tags = sortTags({
    ...room.userTags(chatter, at, id, body.emotes),
    "first-msg": room.firstMessage(chatter),
    "returning-chatter": "0",
    ...extra,
  });
  room.remember({ id, chatter, text: body.text, thread: { id, login: chatter.login } });
  return {
    kind,
    id,
    sent_at_ms: at,
    user_login: chatter.login,
    text: body.text,
    target_msg_id: null,
    tags,
    prefix: userPrefix(chatter.login),
    command: "PRIVMSG",
    params: [room.channel],
    trailing: action ? `\u0001ACTION ${body.text}\u0001` : body.text,
  };
}

export function message(room: ChatRoom, at: number): ChatLine {
  return privmsg(room, "message", room.speaker(at), at, compose(pieces(room, 1, 12)));
}

/** `/me waves`: the text inside `\x01ACTION …\x01`; emote positions count from the action's text. */
export function action(room: ChatRoom, at: number): ChatLine {
  return privmsg(room, "action", room.speaker(at), at, compose(pieces(room, 1, 6)), {}, true);
}

/** A cheer: `Cheer100` words in the text, their sum in `bits`. */
export function cheer(room: ChatRoom, at: number): ChatLine {
  const amounts = Array.from({ length: room.random.int(1, 2) }, () => room.pick([1, 50, 100, 500, 1000]));
  const words = [...amounts.map((n) => `Cheer${n}`), ...pieces(room, 0, 5)];
  const bits = String(amounts.reduce((sum, n) => sum + n, 0));
  return privmsg(room, "cheer", room.speaker(at), at, compose(words), { bits });
}

/** A reply: Twitch starts the text with `@parent` and names the parent and the thread in tags. */
export function reply(room: ChatRoom, at: number): ChatLine {
  const parent = room.recent.length > 0 ? room.pick(room.recent) : null;
  if (!parent) return message(room, at);
  const body = compose([`@${parent.chatter.display_name}`, ...pieces(room, 1, 8)]);
  const thread = room.recent.find((m) => m.id === parent.thread.id);
  const line = privmsg(room, "reply", room.speaker(at), at, body, {
    "reply-parent-display-name": parent.chatter.display_name,
    "reply-parent-msg-body": parent.text,
    "reply-parent-msg-id": parent.id,
    "reply-parent-user-id": parent.chatter.id,
    "reply-parent-user-login": parent.chatter.login,
    "reply-thread-parent-display-name": thread?.chatter.display_name ?? parent.chatter.display_name,
    "reply-thread-parent-msg-id": parent.thread.id,
    "reply-thread-parent-user-id": thread?.chatter.id ?? parent.chatter.id,
    "reply-thread-parent-user-login": parent.thread.login,
  });
  // The reply joins its parent's thread.
  const remembered = room.recent[room.recent.length - 1];
  if (remembered) remembered.thread = parent.thread;
  return line;
}
