import { describe, expect, test } from "bun:test";
import type { ChatMessage } from "../domain/chat.ts";
import { exported, relativeTime, splitFragments, textLine, twitchDownloaderComment } from "./chat-export.ts";

const message = (extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id: 1,
  video_id: 9,
  msg_id: "abc",
  kind: "message",
  offset_seconds: 65.5,
  sent_at: "2026-11-28T12:01:05.500Z",
  user_id: "42",
  user_login: "ronni",
  display_name: "Ronni",
  color: "#1E90FF",
  text: "hello",
  system_text: null,
  action: false,
  badges: [],
  emotes: [],
  bits: 0,
  reply: null,
  params: {},
  deleted: false,
  ...extra,
});

describe("splitFragments: text and emotes at IRC's positions (code points, inclusive)", () => {
  const kappa = (begin: number) => ({ id: "25", begin, end: begin + 4 });
  test.each([
    ["no emotes", "hello there", [], [["hello there", null]]],
    ["an emote alone", "Kappa", [kappa(0)], [["Kappa", "25"]]],
    [
      "emotes at both ends, listed out of order",
      "Kappa hi Kappa",
      [kappa(9), kappa(0)],
      [
        ["Kappa", "25"],
        [" hi ", null],
        ["Kappa", "25"],
      ],
    ],
    [
      "an emoji before the emote counts as one position",
      "🎉 Kappa!",
      [kappa(2)],
      [
        ["🎉 ", null],
        ["Kappa", "25"],
        ["!", null],
      ],
    ],
    ["an emote past the end stays text", "Kap", [kappa(0)], [["Kap", null]]],
    [
      "an overlapping emote stays text",
      "KappaKappa",
      [kappa(0), { id: "1", begin: 3, end: 6 }],
      [
        ["Kappa", "25"],
        ["Kappa", null],
      ],
    ],
    ["empty text", "", [], []],
  ] as const)("%s", (_name, text, emotes, want) => {
    expect(splitFragments(text, emotes).map((f) => [f.text, f.emoticon?.emoticon_id ?? null])).toEqual(
      want.map((w) => [...w]),
    );
  });
});

describe("the text export's lines, as TwitchDownloader's relative timestamps", () => {
  test.each([
    [0, "0:00:00"],
    [5.9, "0:00:05"],
    [65.5, "0:01:05"],
    [3725, "1:02:05"],
    [90_000, "25:00:00"],
  ])("%p s → %s", (seconds, want) => {
    expect(relativeTime(seconds)).toBe(want);
  });

  test("a message, and a notice with Twitch's sentence before what the viewer wrote", () => {
    expect(textLine(message())).toBe("[0:01:05] Ronni: hello\n");
    expect(
      textLine(message({ kind: "resub", system_text: "Ronni subscribed at Tier 1.", text: "hi all" })),
    ).toBe("[0:01:05] Ronni: Ronni subscribed at Tier 1. hi all\n");
    expect(textLine(message({ display_name: null }))).toBe("[0:01:05] ronni: hello\n");
  });
});

describe("what an export holds", () => {
  test.each([
    ["a message", message(), true],
    ["a notice", message({ kind: "raid", system_text: "10 raiders" }), true],
    ["a deleted message", message({ deleted: true }), false],
    ["a timeout", message({ kind: "timeout" }), false],
    ["a room state change", message({ kind: "roomstate", user_login: null, display_name: null }), false],
    ["a line without an author", message({ kind: "notice", user_login: null, display_name: null }), false],
  ])("%s: %p", (_name, line, want) => {
    expect(exported(line)).toBe(want);
  });

  test("a resub's emotes move past Twitch's sentence; only renderable notice ids are written", () => {
    const resub = twitchDownloaderComment(
      message({
        kind: "resub",
        system_text: "Ronni subscribed at Tier 1. They've subscribed for 12 months!",
        text: "Kappa yes",
        emotes: [{ id: "25", begin: 0, end: 4 }],
        badges: [{ set_id: "subscriber", version: "12" }],
      }),
      { id: 9, broadcaster_id: "1234" },
    );
    const offset = [..."Ronni subscribed at Tier 1. They've subscribed for 12 months! "].length;
    expect(resub.message).toEqual({
      body: "Ronni subscribed at Tier 1. They've subscribed for 12 months! Kappa yes",
      bits_spent: 0,
      fragments: [
        { text: "Ronni subscribed at Tier 1. They've subscribed for 12 months! ", emoticon: null },
        { text: "Kappa", emoticon: { emoticon_id: "25" } },
        { text: " yes", emoticon: null },
      ],
      user_badges: [{ _id: "subscriber", version: "12" }],
      user_color: "#1E90FF",
      user_notice_params: { msg_id: "resub" },
      emoticons: [{ _id: "25", begin: offset, end: offset + 4 }],
    });
    const raid = twitchDownloaderComment(message({ kind: "raid", system_text: "10 raiders" }), {
      id: 9,
      broadcaster_id: "1",
    });
    expect("user_notice_params" in raid.message).toBe(false);
    const highlighted = twitchDownloaderComment(message({ params: { "msg-id": "highlighted-message" } }), {
      id: 9,
      broadcaster_id: "1",
    });
    expect(highlighted.message.user_notice_params).toEqual({ msg_id: "highlighted-message" });
  });
});
