import type { Chatter } from "./chatters.ts";
import { compose, SIM_EMOTES } from "./emotes.ts";
import type { SimChatKind } from "./kinds.ts";
import { type ChatLine, type ChatRoom, sortTags } from "./room.ts";

/**
 * USERNOTICE: subscriptions, gifts, raids, announcements and the like. Each has Twitch's `msg-id`, its
 * `msg-param-*` tags and `system-msg` (Twitch's own sentence); some carry the viewer's text as the trailing
 * parameter.
 */

const PLANS = ["Prime", "1000", "2000", "3000"] as const;
const SHOUTS = ["Great stream -- keep it up!", "hype hype hype", "3 years already 🎉", "love this community"];

function tier(plan: string): string {
  return plan === "Prime" ? "Prime" : `Tier ${Number(plan) / 1000}`;
}

function notice(
  room: ChatRoom,
  kind: SimChatKind,
  chatter: Chatter,
  at: number,
  params: Record<string, string>,
  systemMsg: string,
  text = "",
): ChatLine {
  const id = room.random.uuid();
  const body = text ? compose(text.split(" ").map((w) => SIM_EMOTES.find((e) => e.name === w) ?? w)) : null;
  const tags = sortTags({
    ...room.userTags(chatter, at, id, body?.emotes ?? []),
    login: chatter.login,
    "msg-id": kind,
    ...params,
    "system-msg": systemMsg,
  });
  return {
    kind,
    id,
    sent_at_ms: at,
    user_login: chatter.login,
    text,
    target_msg_id: null,
    tags,
    prefix: "tmi.twitch.tv",
    command: "USERNOTICE",
    params: [room.channel],
    trailing: text || null,
  };
}

function planParams(room: ChatRoom, plan: string): Record<string, string> {
  return {
    "msg-param-sub-plan": plan,
    "msg-param-sub-plan-name": `Channel Subscription (${room.login})`,
  };
}

export function sub(room: ChatRoom, at: number): ChatLine {
  const chatter = room.speaker(at);
  const plan = room.pick(PLANS);
  const how = plan === "Prime" ? "with Prime" : `at ${tier(plan)}`;
  return notice(
    room,
    "sub",
    chatter,
    at,
    {
      "msg-param-cumulative-months": "1",
      "msg-param-months": "0",
      "msg-param-multimonth-duration": "1",
      "msg-param-multimonth-tenure": "0",
      "msg-param-should-share-streak": "0",
      ...planParams(room, plan),
      "msg-param-was-gifted": "false",
    },
    `${chatter.display_name} subscribed ${how}.`,
  );
}

export function resub(room: ChatRoom, at: number): ChatLine {
  const chatter = room.speaker(at);
  const plan = room.pick(PLANS);
  const months = room.random.int(2, 72);
  const streak = room.random.int(1, months);
  const share = room.random.chance(0.5);
  const how = plan === "Prime" ? "with Prime" : `at ${tier(plan)}`;
  const text = room.random.chance(0.7) ? `${room.pick(SHOUTS)} ${room.pick(SIM_EMOTES).name}` : "";
  return notice(
    room,
    "resub",
    chatter,
    at,
    {
      "msg-param-cumulative-months": String(months),
      "msg-param-months": "0",
      "msg-param-multimonth-duration": "0",
      "msg-param-multimonth-tenure": "0",
      "msg-param-should-share-streak": share ? "1" : "0",
      ...(share ? { "msg-param-streak-months": String(streak) } : {}),
      ...planParams(room, plan),
      "msg-param-was-gifted": "false",
    },
    `${chatter.display_name} subscribed ${how}. They've subscribed for ${months} months${
      share ? `, currently on a ${streak} month streak` : ""
    }!`,
    text,
  );
}

export function subgift(room: ChatRoom, at: number): ChatLine {
  const gifter = room.speaker(at);
  const recipient = room.pick(room.chatters);
  const plan = room.pick(PLANS.slice(1));
  const total = room.random.int(1, 200);
  return notice(
    room,
    "subgift",
    gifter,
    at,
    {
      "msg-param-gift-months": "1",
      "msg-param-months": String(room.random.int(1, 24)),
      "msg-param-origin-id": room.random.hex(40),
      "msg-param-recipient-display-name": recipient.display_name,
      "msg-param-recipient-id": recipient.id,
      "msg-param-recipient-user-name": recipient.login,
      "msg-param-sender-count": String(total),
      ...planParams(room, plan),
    },
    `${gifter.display_name} gifted a ${tier(plan)} sub to ${recipient.display_name}! They have given ${total} Gift Subs in the channel!`,
  );
}

export function submysterygift(room: ChatRoom, at: number): ChatLine {
  const gifter = room.speaker(at);
  const plan = room.pick(PLANS.slice(1));
  const count = room.pick([1, 5, 10, 20, 50]);
  const total = count + room.random.int(0, 500);
  return notice(
    room,
    "submysterygift",
    gifter,
    at,
    {
      "msg-param-mass-gift-count": String(count),
      "msg-param-origin-id": room.random.hex(40),
      "msg-param-sender-count": String(total),
      "msg-param-sub-plan": plan,
    },
    `${gifter.display_name} is gifting ${count} ${tier(plan)} Subs to ${room.broadcaster.display_name}'s community! They've gifted a total of ${total} in the channel!`,
  );
}

export function giftpaidupgrade(room: ChatRoom, at: number): ChatLine {
  const chatter = room.speaker(at);
  const sender = room.pick(room.chatters);
  return notice(
    room,
    "giftpaidupgrade",
    chatter,
    at,
    { "msg-param-sender-login": sender.login, "msg-param-sender-name": sender.display_name },
    `${chatter.display_name} is continuing the Gift Sub they got from ${sender.display_name}!`,
  );
}

/** A raid: the raiding channel is the notice's user. */
export function raid(room: ChatRoom, at: number): ChatLine {
  const raider = room.pick(room.chatters);
  const viewers = room.random.int(2, 5000);
  return notice(
    room,
    "raid",
    raider,
    at,
    {
      "msg-param-displayName": raider.display_name,
      "msg-param-login": raider.login,
      "msg-param-viewerCount": String(viewers),
    },
    `${viewers} raiders from ${raider.display_name} have joined!`,
  );
}

/** A moderator's or the broadcaster's /announce: highlighted text, no sentence of Twitch's own. */
export function announcement(room: ChatRoom, at: number): ChatLine {
  const text = room.pick([
    "Giveaway at the top of the hour!",
    "Be nice in chat Kappa",
    "Schedule: Tue/Thu 8pm 🎉",
  ]);
  return notice(
    room,
    "announcement",
    room.moderator(),
    at,
    { "msg-param-color": room.pick(["PRIMARY", "BLUE", "GREEN", "ORANGE", "PURPLE"]) },
    "",
    text,
  );
}

export function bitsbadgetier(room: ChatRoom, at: number): ChatLine {
  return notice(
    room,
    "bitsbadgetier",
    room.speaker(at),
    at,
    { "msg-param-threshold": String(room.pick([1000, 5000, 10000, 25000])) },
    "bits badge tier notification",
  );
}

/** A notice most clients have no special case for (Twitch adds msg-ids over time). */
export function viewermilestone(room: ChatRoom, at: number): ChatLine {
  const chatter = room.speaker(at);
  const value = room.random.int(3, 15);
  return notice(
    room,
    "viewermilestone",
    chatter,
    at,
    {
      "msg-param-category": "watch-streak",
      "msg-param-copoReward": "350",
      "msg-param-id": room.random.uuid(),
      "msg-param-value": String(value),
    },
    `${chatter.display_name} watched ${value} consecutive streams and sparked a watch streak!`,
  );
}
