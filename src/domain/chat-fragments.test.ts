import { describe, expect, test } from "bun:test";
import type { ChatEmote } from "./chat.ts";
import { type ChatFragment, fragments } from "./chat-fragments.ts";

const e = (id: string, begin: number, end: number): ChatEmote => ({ id, begin, end });

describe("fragments", () => {
  const cases: [string, string, ChatEmote[], ChatFragment[]][] = [
    ["no emotes", "hello there", [], [{ text: "hello there" }]],
    ["empty text", "", [e("25", 0, 4)], []],
    [
      "emotes at both ends and between",
      "Kappa hi Kappa",
      [e("25", 9, 13), e("25", 0, 4)],
      [{ text: "Kappa", emote_id: "25" }, { text: " hi " }, { text: "Kappa", emote_id: "25" }],
    ],
    [
      "two emotes side by side",
      "KappaKeepo",
      [e("25", 0, 4), e("1902", 5, 9)],
      [
        { text: "Kappa", emote_id: "25" },
        { text: "Keepo", emote_id: "1902" },
      ],
    ],
    [
      "an emoji outside the BMP counts as one position",
      "😀 Kappa 😀😀 Keepo",
      [e("25", 2, 6), e("1902", 11, 15)],
      [
        { text: "😀 " },
        { text: "Kappa", emote_id: "25" },
        { text: " 😀😀 " },
        { text: "Keepo", emote_id: "1902" },
      ],
    ],
    ["an emote past the end stays text", "hi Kappa", [e("25", 3, 8)], [{ text: "hi Kappa" }]],
    ["a reversed range stays text", "hi Kappa", [e("25", 7, 3)], [{ text: "hi Kappa" }]],
    ["a negative start stays text", "Kappa", [e("25", -1, 3)], [{ text: "Kappa" }]],
    [
      "an emote overlapping the one before stays text",
      "Kappa Keepo",
      [e("25", 0, 4), e("1902", 3, 10)],
      [{ text: "Kappa", emote_id: "25" }, { text: " Keepo" }],
    ],
    [
      "UTF-16 positions (a wrong count) fall off the end and stay text",
      "😀😀 Kappa",
      [e("25", 5, 9)],
      [{ text: "😀😀 Kappa" }],
    ],
    [
      "a one-character emote",
      "a <3 b",
      [e("9", 2, 3)],
      [{ text: "a " }, { text: "<3", emote_id: "9" }, { text: " b" }],
    ],
  ];
  for (const [name, text, emotes, expected] of cases) {
    test(name, () => {
      const pieces = fragments(text, emotes);
      expect(pieces).toEqual(expected);
      expect(pieces.map((p) => p.text).join("")).toBe(text);
    });
  }
});
