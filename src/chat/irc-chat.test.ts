import { describe, expect, test } from "bun:test";
import type { CapturedChatMessage } from "../domain/chat.ts";
import { parseIrcLine } from "../twitch/irc/message.ts";
import { type ChatEvent, chatEventFromIrc, parseBadges, parseEmotes } from "./irc-chat.ts";

const RECEIVED = 1_700_000_000_999;

/** A stored line with every field at its empty value, overridden by `fields`. */
function line(fields: Partial<CapturedChatMessage>): CapturedChatMessage {
  return {
    msg_id: expect.any(String) as unknown as string,
    kind: "message",
    sent_at_ms: RECEIVED,
    user_id: null,
    user_login: null,
    display_name: null,
    color: null,
    text: "",
    system_text: null,
    action: false,
    badges: [],
    emotes: [],
    bits: 0,
    reply: null,
    params: {},
    ...fields,
  };
}

function event(raw: string): ChatEvent | null {
  const irc = parseIrcLine(raw);
  if (!irc) throw new Error(`test line does not parse: ${raw}`);
  return chatEventFromIrc(irc, RECEIVED);
}

describe("chatEventFromIrc", () => {
  const cases: [string, string, ChatEvent | null][] = [
    [
      "a PRIVMSG with badges, colour, emotes and bits",
      "@badge-info=subscriber/8;badges=subscriber/6,bits/1000;bits=100;color=#0d4200;display-name=Ronni;emotes=25:0-4,12-16/1902:6-10;id=b34ccfc7-4977-403a-8a94-33c6bac34fb8;tmi-sent-ts=1507246572675;user-id=1337 :ronni!ronni@ronni.tmi.twitch.tv PRIVMSG #dallas :Kappa Keepo Kappa cheer100",
      {
        type: "message",
        message: line({
          msg_id: "b34ccfc7-4977-403a-8a94-33c6bac34fb8",
          sent_at_ms: 1507246572675,
          user_id: "1337",
          user_login: "ronni",
          display_name: "Ronni",
          color: "#0D4200",
          text: "Kappa Keepo Kappa cheer100",
          badges: [
            { set_id: "subscriber", version: "6" },
            { set_id: "bits", version: "1000" },
          ],
          emotes: [
            { id: "25", begin: 0, end: 4 },
            { id: "1902", begin: 6, end: 10 },
            { id: "25", begin: 12, end: 16 },
          ],
          bits: 100,
        }),
      },
    ],
    [
      "an empty colour is null, a missing display name falls back on the login",
      "@color=;display-name=;id=m1;tmi-sent-ts=1 :ana!ana@ana.tmi.twitch.tv PRIVMSG #dallas :hi",
      {
        type: "message",
        message: line({ msg_id: "m1", sent_at_ms: 1, user_login: "ana", display_name: "ana", text: "hi" }),
      },
    ],
    [
      "/me is an action with the inner text",
      "@id=m2;tmi-sent-ts=2 :ana!ana@ana.tmi.twitch.tv PRIVMSG #dallas :\u0001ACTION waves 👋\u0001",
      {
        type: "message",
        message: line({
          msg_id: "m2",
          sent_at_ms: 2,
          user_login: "ana",
          display_name: "ana",
          text: "waves 👋",
          action: true,
        }),
      },
    ],
    [
      "a reply keeps its parent",
      "@id=m3;reply-parent-display-name=Bob;reply-parent-msg-body=is\\sit\\slive?;reply-parent-msg-id=p1;reply-parent-user-login=bob;tmi-sent-ts=3;first-msg=1;custom-reward-id=r9 :ana!ana@ana.tmi.twitch.tv PRIVMSG #dallas :@Bob yes",
      {
        type: "message",
        message: line({
          msg_id: "m3",
          sent_at_ms: 3,
          user_login: "ana",
          display_name: "ana",
          text: "@Bob yes",
          reply: { msg_id: "p1", user_login: "bob", display_name: "Bob", text: "is it live?" },
          params: { "first-msg": "1", "custom-reward-id": "r9" },
        }),
      },
    ],
    [
      "a resub: kind, system text, msg-param-*, the viewer's message",
      "@badges=staff/1,broadcaster/1;color=#008000;display-name=ronni;emotes=;id=db25007f;login=ronni;msg-id=resub;msg-param-cumulative-months=6;msg-param-sub-plan=Prime;system-msg=ronni\\shas\\ssubscribed\\sfor\\s6\\smonths!;tmi-sent-ts=1507246572675;user-id=1337 :tmi.twitch.tv USERNOTICE #dallas :Great stream -- keep it up!",
      {
        type: "message",
        message: line({
          msg_id: "db25007f",
          kind: "resub",
          sent_at_ms: 1507246572675,
          user_id: "1337",
          user_login: "ronni",
          display_name: "ronni",
          color: "#008000",
          text: "Great stream -- keep it up!",
          system_text: "ronni has subscribed for 6 months!",
          badges: [
            { set_id: "staff", version: "1" },
            { set_id: "broadcaster", version: "1" },
          ],
          params: { "msg-id": "resub", "msg-param-cumulative-months": "6", "msg-param-sub-plan": "Prime" },
        }),
      },
    ],
    [
      "a raid without a message",
      "@display-name=TestChannel;id=r1;login=testchannel;msg-id=raid;msg-param-viewerCount=15;system-msg=15\\sraiders\\sfrom\\sTestChannel\\shave\\sjoined!;tmi-sent-ts=5 :tmi.twitch.tv USERNOTICE #othertestchannel",
      {
        type: "message",
        message: line({
          msg_id: "r1",
          kind: "raid",
          sent_at_ms: 5,
          user_login: "testchannel",
          display_name: "TestChannel",
          system_text: "15 raiders from TestChannel have joined!",
          params: { "msg-id": "raid", "msg-param-viewerCount": "15" },
        }),
      },
    ],
    [
      "an anonymous gift is a subgift",
      "@id=g1;login=ananonymousgifter;msg-id=anonsubgift;tmi-sent-ts=6 :tmi.twitch.tv USERNOTICE #dallas",
      {
        type: "message",
        message: line({
          msg_id: "g1",
          kind: "subgift",
          sent_at_ms: 6,
          user_login: "ananonymousgifter",
          display_name: "ananonymousgifter",
          params: { "msg-id": "anonsubgift" },
        }),
      },
    ],
    [
      "an unknown USERNOTICE is a notice",
      "@id=n1;login=x;msg-id=viewermilestone;system-msg=x\\swatched\\s10\\sstreams;tmi-sent-ts=7 :tmi.twitch.tv USERNOTICE #dallas",
      {
        type: "message",
        message: line({
          msg_id: "n1",
          kind: "notice",
          sent_at_ms: 7,
          user_login: "x",
          display_name: "x",
          system_text: "x watched 10 streams",
          params: { "msg-id": "viewermilestone" },
        }),
      },
    ],
    [
      "CLEARCHAT with a duration is a timeout",
      "@ban-duration=350;room-id=12345678;target-user-id=87654321;tmi-sent-ts=1642715756806 :tmi.twitch.tv CLEARCHAT #dallas :ronni",
      {
        type: "clear_user",
        user_id: "87654321",
        user_login: "ronni",
        sent_at_ms: 1642715756806,
        message: line({
          kind: "timeout",
          sent_at_ms: 1642715756806,
          user_id: "87654321",
          user_login: "ronni",
          display_name: "ronni",
          params: { duration_seconds: "350" },
        }),
      },
    ],
    [
      "CLEARCHAT without a duration is a ban",
      "@room-id=12345678;target-user-id=87654321;tmi-sent-ts=1642715695392 :tmi.twitch.tv CLEARCHAT #dallas :ronni",
      {
        type: "clear_user",
        user_id: "87654321",
        user_login: "ronni",
        sent_at_ms: 1642715695392,
        message: line({
          kind: "ban",
          sent_at_ms: 1642715695392,
          user_id: "87654321",
          user_login: "ronni",
          display_name: "ronni",
        }),
      },
    ],
    [
      "CLEARCHAT without a user clears the chat",
      "@room-id=12345678;tmi-sent-ts=1642715695392 :tmi.twitch.tv CLEARCHAT #dallas",
      { type: "clear", message: line({ kind: "clear", sent_at_ms: 1642715695392 }) },
    ],
    [
      "CLEARMSG deletes the message it names",
      "@login=foo;room-id=;target-msg-id=94e6c7ff-bf98-4faa-af5d-7ad633a158a9;tmi-sent-ts=1642720582342 :tmi.twitch.tv CLEARMSG #bar :what a great day",
      { type: "delete", msg_id: "94e6c7ff-bf98-4faa-af5d-7ad633a158a9" },
    ],
    ["CLEARMSG without a target is nothing", "@login=foo :tmi.twitch.tv CLEARMSG #bar :x", null],
    [
      "the full ROOMSTATE after JOIN keeps every mode, at the receive time",
      "@emote-only=0;followers-only=-1;r9k=0;room-id=12345678;slow=0;subs-only=0 :tmi.twitch.tv ROOMSTATE #bar",
      {
        type: "roomstate",
        message: line({
          kind: "roomstate",
          params: { "emote-only": "0", "followers-only": "-1", r9k: "0", slow: "0", "subs-only": "0" },
        }),
      },
    ],
    [
      "a ROOMSTATE change keeps only what changed",
      "@room-id=12345678;slow=10 :tmi.twitch.tv ROOMSTATE #bar",
      { type: "roomstate", message: line({ kind: "roomstate", params: { slow: "10" } }) },
    ],
    ["a ROOMSTATE with no mode is nothing", "@room-id=1 :tmi.twitch.tv ROOMSTATE #bar", null],
    [
      "a channel NOTICE is a notice line",
      "@msg-id=msg_channel_suspended :tmi.twitch.tv NOTICE #bar :This channel has been suspended.",
      {
        type: "message",
        message: line({
          kind: "notice",
          system_text: "This channel has been suspended.",
          params: { "msg-id": "msg_channel_suspended" },
        }),
      },
    ],
    ["a server NOTICE is not a channel's", ":tmi.twitch.tv NOTICE * :Login authentication failed", null],
    ["USERSTATE is nothing", "@color=;display-name=justinfan1 :tmi.twitch.tv USERSTATE #bar", null],
    ["JOIN is nothing", ":justinfan1!justinfan1@justinfan1.tmi.twitch.tv JOIN #bar", null],
    [
      "a bad tmi-sent-ts falls back on the receive time",
      "@id=m9;tmi-sent-ts=soon :ana!ana@ana.tmi.twitch.tv PRIVMSG #bar :x",
      {
        type: "message",
        message: line({ msg_id: "m9", user_login: "ana", display_name: "ana", text: "x" }),
      },
    ],
  ];
  for (const [name, raw, expected] of cases) test(name, () => expect(event(raw)).toEqual(expected));

  test("a line without an id gets a stable one: the same line twice, the same id; another line, another", () => {
    const raw = "@room-id=1;target-user-id=2;tmi-sent-ts=10 :tmi.twitch.tv CLEARCHAT #bar :ronni";
    const a = event(raw);
    const b = event(raw);
    const c = event(raw.replace("tmi-sent-ts=10", "tmi-sent-ts=11"));
    const id = (e: ChatEvent | null) => (e && "message" in e ? e.message.msg_id : null);
    expect(id(a)).toMatch(/^irc-[0-9a-f]{16}$/);
    expect(id(a)).toBe(id(b));
    expect(id(c)).not.toBe(id(a));
  });
});

describe("tag lists", () => {
  const badges: [string, ReturnType<typeof parseBadges>][] = [
    ["", []],
    ["moderator/1", [{ set_id: "moderator", version: "1" }]],
    [
      "subscriber/3012,glhf-pledge/1",
      [
        { set_id: "subscriber", version: "3012" },
        { set_id: "glhf-pledge", version: "1" },
      ],
    ],
    ["broken,/1,ok/2", [{ set_id: "ok", version: "2" }]],
  ];
  for (const [raw, expected] of badges)
    test(`badges ${JSON.stringify(raw)}`, () => expect(parseBadges(raw)).toEqual(expected));

  const emotes: [string, ReturnType<typeof parseEmotes>][] = [
    ["", []],
    [
      "25:0-4,12-16/1902:6-10",
      [
        { id: "25", begin: 0, end: 4 },
        { id: "1902", begin: 6, end: 10 },
        { id: "25", begin: 12, end: 16 },
      ],
    ],
    ["emotesv2_e0b2c8e3d4f54b0f:3-9", [{ id: "emotesv2_e0b2c8e3d4f54b0f", begin: 3, end: 9 }]],
    ["25:x-4,5-3,6-8/:1-2/9", [{ id: "25", begin: 6, end: 8 }]],
  ];
  for (const [raw, expected] of emotes)
    test(`emotes ${JSON.stringify(raw)}`, () => expect(parseEmotes(raw)).toEqual(expected));
});
