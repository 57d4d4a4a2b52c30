import { describe, expect, test } from "bun:test";
import { IrcLine } from "./line.ts";
import { parseIrcLine } from "./message.ts";

const PRIVMSG =
  "@badge-info=subscriber/12;badges=subscriber/12;color=;display-name=Ana\\sB;emotes=25:0-4;id=abc-1;mod=0;room-id=7;tmi-sent-ts=1700000000123;user-id=42 :ana!ana@ana.tmi.twitch.tv PRIVMSG #dallas :Kappa hi";

describe("IrcLine reads what it is asked for, as a full parse would", () => {
  const cases: [string, string, { command: string; target: string | null; nick: string | null }][] = [
    ["a PRIVMSG", PRIVMSG, { command: "PRIVMSG", target: "#dallas", nick: "ana" }],
    ["PING", "PING :tmi.twitch.tv", { command: "PING", target: null, nick: null }],
    [
      "a numeric",
      ":tmi.twitch.tv 001 justinfan1 :Welcome, GLHF!",
      { command: "001", target: "justinfan1", nick: "tmi.twitch.tv" },
    ],
    ["RECONNECT", ":tmi.twitch.tv RECONNECT", { command: "RECONNECT", target: null, nick: "tmi.twitch.tv" }],
    [
      "a JOIN echo",
      ":justinfan1!justinfan1@justinfan1.tmi.twitch.tv JOIN #dallas",
      { command: "JOIN", target: "#dallas", nick: "justinfan1" },
    ],
    ["a lower-case command", "pong :x", { command: "PONG", target: null, nick: null }],
  ];
  for (const [name, raw, head] of cases) {
    test(name, () => {
      const line = new IrcLine(raw);
      expect({ command: line.command, target: line.target, nick: line.nick }).toEqual(head);
      expect(line.parse()).toEqual(parseIrcLine(raw));
      expect(line.trailing).toBe(parseIrcLine(raw)?.params.at(-1) ?? "");
    });
  }

  test("tags: unescaped, empty, absent, and never a match inside another tag's name or value", () => {
    const line = new IrcLine(PRIVMSG);
    expect(line.tag("display-name")).toBe("Ana B");
    expect(line.tag("color")).toBe("");
    expect(line.tag("id")).toBe("abc-1");
    expect(line.tag("user-id")).toBe("42");
    expect(line.tag("badge-info")).toBe("subscriber/12");
    expect(line.tag("badges")).toBe("subscriber/12");
    expect(line.tag("tmi-sent-ts")).toBe("1700000000123");
    expect(line.tag("bits")).toBeNull();
    expect(line.tag("subscriber")).toBeNull();
    expect(new IrcLine("@flags;id=1 :tmi.twitch.tv CLEARCHAT #a").tag("flags")).toBe("");
    expect(new IrcLine("PRIVMSG #a :id=1").tag("id")).toBeNull();
    expect(line.trailing).toBe("Kappa hi");
  });
});
