import { describe, expect, test } from "bun:test";
import { type ChatFragment, chatFragments, emoteUrl } from "./chat-fragments";

const text = (t: string): ChatFragment => ({ kind: "text", text: t });
const emote = (id: string, t: string): ChatFragment => ({ kind: "emote", id, text: t });

describe("chatFragments cuts text at emote positions, in code points", () => {
  test.each<[string, string, { id: string; begin: number; end: number }[], ChatFragment[]]>([
    ["no emotes", "hello there", [], [text("hello there")]],
    ["empty text", "", [], []],
    ["one emote alone", "Kappa", [{ id: "25", begin: 0, end: 4 }], [emote("25", "Kappa")]],
    [
      "emotes between words, given out of order",
      "hi Kappa and PogChamp!",
      [
        { id: "88", begin: 13, end: 20 },
        { id: "25", begin: 3, end: 7 },
      ],
      [text("hi "), emote("25", "Kappa"), text(" and "), emote("88", "PogChamp"), text("!")],
    ],
    [
      // "😀" is one code point but two UTF-16 units: a UTF-16 cut would take "Kapp" and a half.
      "an emoji before the emote counts once",
      "😀 Kappa",
      [{ id: "25", begin: 2, end: 6 }],
      [text("😀 "), emote("25", "Kappa")],
    ],
    [
      "emoji on both sides, two emotes back to back",
      "🎉KappaKappa🎉",
      [
        { id: "25", begin: 1, end: 5 },
        { id: "25", begin: 6, end: 10 },
      ],
      [text("🎉"), emote("25", "Kappa"), emote("25", "Kappa"), text("🎉")],
    ],
    ["a position past the end stays text", "hi", [{ id: "1", begin: 0, end: 5 }], [text("hi")]],
    ["a reversed position stays text", "Kappa", [{ id: "1", begin: 3, end: 1 }], [text("Kappa")]],
    [
      "an overlapping position is ignored",
      "Kappa x",
      [
        { id: "1", begin: 0, end: 4 },
        { id: "2", begin: 2, end: 6 },
      ],
      [emote("1", "Kappa"), text(" x")],
    ],
  ])("%s", (_name, input, emotes, expected) => {
    expect(chatFragments(input, emotes)).toEqual(expected);
  });
});

test("emoteUrl fills the server's template for the theme", () => {
  const template = "https://static-cdn.jtvnw.net/emoticons/v2/{id}/default/{theme}/1.0";
  expect(emoteUrl(template, "emotesv2_abc", "dark")).toBe(
    "https://static-cdn.jtvnw.net/emoticons/v2/emotesv2_abc/default/dark/1.0",
  );
  expect(emoteUrl(template, "25", "light")).toBe(
    "https://static-cdn.jtvnw.net/emoticons/v2/25/default/light/1.0",
  );
});
