import { describe, expect, test } from "bun:test";
import { escapeTagValue, formatIrcLine, parseIrcLine, splitFrame, unescapeTagValue } from "./message.ts";

describe("parseIrcLine", () => {
  const cases: [string, string, ReturnType<typeof parseIrcLine>][] = [
    [
      "PING from the server",
      "PING :tmi.twitch.tv",
      { tags: {}, prefix: null, command: "PING", params: ["tmi.twitch.tv"] },
    ],
    [
      "a welcome numeric",
      ":tmi.twitch.tv 001 justinfan123 :Welcome, GLHF!",
      {
        tags: {},
        prefix: { nick: "tmi.twitch.tv", user: null, host: null },
        command: "001",
        params: ["justinfan123", "Welcome, GLHF!"],
      },
    ],
    [
      "a PRIVMSG with tags, an empty tag and escapes",
      "@badges=broadcaster/1;color=;display-name=Ronni;system-msg=ronni\\shas\\ssubscribed\\:\\sthanks\\\\;tmi-sent-ts=1507246572675 :ronni!ronni@ronni.tmi.twitch.tv PRIVMSG #dallas :Kappa Keepo :)",
      {
        tags: {
          badges: "broadcaster/1",
          color: "",
          "display-name": "Ronni",
          "system-msg": "ronni has subscribed; thanks\\",
          "tmi-sent-ts": "1507246572675",
        },
        prefix: { nick: "ronni", user: "ronni", host: "ronni.tmi.twitch.tv" },
        command: "PRIVMSG",
        params: ["#dallas", "Kappa Keepo :)"],
      },
    ],
    [
      "a tag without a value",
      "@flags;id=1 :tmi.twitch.tv CLEARCHAT #dallas",
      {
        tags: { flags: "", id: "1" },
        prefix: { nick: "tmi.twitch.tv", user: null, host: null },
        command: "CLEARCHAT",
        params: ["#dallas"],
      },
    ],
    ["a lower-case command", "pong :x", { tags: {}, prefix: null, command: "PONG", params: ["x"] }],
    ["CRLF left on", "RECONNECT\r\n", { tags: {}, prefix: null, command: "RECONNECT", params: [] }],
    ["an empty line", "", null],
    ["tags and nothing else", "@a=b", null],
  ];
  for (const [name, line, expected] of cases) test(name, () => expect(parseIrcLine(line)).toEqual(expected));
});

describe("tag values", () => {
  const cases: [string, string][] = [
    ["plain", "plain"],
    ["a b;c\\d", "a\\sb\\:c\\\\d"],
    ["line\r\nbreak", "line\\r\\nbreak"],
  ];
  for (const [text, escaped] of cases) {
    test(`${JSON.stringify(text)} round-trips`, () => {
      expect(escapeTagValue(text)).toBe(escaped);
      expect(unescapeTagValue(escaped)).toBe(text);
    });
  }
  test("an unknown escape is the character, a lone trailing backslash is dropped", () => {
    expect(unescapeTagValue("a\\bc\\")).toBe("abc");
  });
});

describe("formatIrcLine", () => {
  test("writes what parseIrcLine reads back", () => {
    const line = formatIrcLine({
      tags: { "display-name": "Ana Bell", color: "", id: "x;y" },
      prefix: "ana!ana@ana.tmi.twitch.tv",
      command: "PRIVMSG",
      params: ["#dallas", ":) hello there"],
    });
    expect(line).toBe(
      "@display-name=Ana\\sBell;color;id=x\\:y :ana!ana@ana.tmi.twitch.tv PRIVMSG #dallas ::) hello there",
    );
    expect(parseIrcLine(line)?.params).toEqual(["#dallas", ":) hello there"]);
    expect(parseIrcLine(line)?.tags).toEqual({ "display-name": "Ana Bell", color: "", id: "x;y" });
  });
  test("a single-word last parameter needs no colon", () => {
    expect(formatIrcLine({ command: "JOIN", params: ["#dallas"] })).toBe("JOIN #dallas");
  });
});

test("splitFrame gives each line of a batched frame", () => {
  expect(splitFrame("PING :a\r\n:tmi.twitch.tv RECONNECT\r\n")).toEqual([
    "PING :a",
    ":tmi.twitch.tv RECONNECT",
  ]);
});
