import { describe, expect, test } from "bun:test";
import { IrcLine } from "../twitch/irc/line.ts";
import { parseIrcLine } from "../twitch/irc/message.ts";
import { captureLine } from "./capture-line.ts";
import { chatEventFromIrc } from "./irc-chat.ts";

const T = "tmi-sent-ts=1700000000123";
const LINES: [string, string][] = [
  [
    "a message",
    `@badges=subscriber/12;color=#ff0000;display-name=Ana;emotes=25:0-4;id=m1;${T};user-id=42 :ana!ana@ana.tmi.twitch.tv PRIVMSG #dallas :Kappa hi`,
  ],
  [
    "a /me",
    `@display-name=Ana;id=m2;${T};user-id=42 :ana!ana@ana.tmi.twitch.tv PRIVMSG #dallas :\u0001ACTION waves\u0001`,
  ],
  [
    "a cheer",
    `@bits=100;display-name=Bo;id=m3;${T};user-id=7 :bo!bo@bo.tmi.twitch.tv PRIVMSG #dallas :Cheer100 go`,
  ],
  [
    "a resub with a message",
    `@display-name=Cy;id=n1;login=cy;msg-id=resub;msg-param-cumulative-months=6;system-msg=Cy\\ssubscribed;${T};user-id=9 :tmi.twitch.tv USERNOTICE #dallas :six months!`,
  ],
  [
    "a raid without a message",
    `@display-name=Di;id=n2;login=di;msg-id=raid;msg-param-viewerCount=12;${T};user-id=3 :tmi.twitch.tv USERNOTICE #dallas`,
  ],
  [
    "an unknown notice",
    `@id=n3;login=ed;msg-id=viewermilestone;${T};user-id=4 :tmi.twitch.tv USERNOTICE #dallas`,
  ],
  ["a timeout", `@ban-duration=600;room-id=1;target-user-id=42;${T} :tmi.twitch.tv CLEARCHAT #dallas :ana`],
  ["a ban", `@room-id=1;target-user-id=7;${T} :tmi.twitch.tv CLEARCHAT #dallas :bo`],
  ["a clear", `@room-id=1;${T} :tmi.twitch.tv CLEARCHAT #dallas`],
  [
    "room modes",
    "@emote-only=0;followers-only=-1;r9k=0;room-id=1;slow=0;subs-only=0 :tmi.twitch.tv ROOMSTATE #dallas",
  ],
  [
    "a notice",
    "@msg-id=msg_channel_suspended :tmi.twitch.tv NOTICE #dallas :This channel has been suspended.",
  ],
];

describe("captureLine keeps what the full reading of the line would", () => {
  for (const [name, raw] of LINES) {
    test(name, () => {
      const captured = captureLine(new IrcLine(raw), 5);
      const full = chatEventFromIrc(
        parseIrcLine(raw) ?? { tags: {}, prefix: null, command: "", params: [] },
        5,
      );
      const line = captured && "line" in captured ? captured.line : null;
      const message = full && "message" in full ? full.message : null;
      expect(line?.raw).toBe(raw);
      const { msg_id, kind, sent_at_ms, user_id, user_login, display_name, text } = message ?? ({} as never);
      const expected = { kind, sent_at_ms, user_id, user_login, display_name, text };
      const got = { ...line, msg_id: undefined, raw: undefined };
      expect(got).toMatchObject(expected);
      // Twitch's id when there is one; otherwise one made from the line, the same every time.
      if (parseIrcLine(raw)?.tags.id) expect(line?.msg_id).toBe(msg_id);
      else {
        const again = captureLine(new IrcLine(raw), 5);
        expect(again && "line" in again ? again.line.msg_id : null).toBe(line?.msg_id ?? "");
      }
      expect(captured?.type === "clear_user").toBe(full?.type === "clear_user");
    });
  }

  test("a deletion names its target and its time; other commands store nothing", () => {
    expect(
      captureLine(
        new IrcLine(`@login=ana;target-msg-id=m1;${T} :tmi.twitch.tv CLEARMSG #dallas :Kappa hi`),
        5,
      ),
    ).toEqual({
      type: "delete",
      msg_id: "m1",
      sent_at_ms: 1700000000123,
    });
    expect(captureLine(new IrcLine("@room-id=1 :tmi.twitch.tv ROOMSTATE #dallas"), 5)).toBeNull();
    expect(captureLine(new IrcLine(":tmi.twitch.tv USERSTATE #dallas"), 5)).toBeNull();
  });
});
