import { describe, expect, test } from "bun:test";
import {
  type BadgeLabel,
  badgeLabel,
  chatClock,
  contrastRatio,
  defaultNameColor,
  MIN_CONTRAST,
  readableNameColor,
  themeBackground,
} from "./chat-style";

test.each([
  [0, "0:00:00"],
  [5.9, "0:00:05"],
  [65, "0:01:05"],
  [3725, "1:02:05"],
  [36000, "10:00:00"],
  [-3, "0:00:00"],
  [Number.NaN, "0:00:00"],
])("chatClock(%p) is %p", (seconds, clock) => {
  expect(chatClock(seconds)).toBe(clock);
});

describe("readableNameColor keeps a name readable on both themes", () => {
  const colors = ["#0000FF", "#FFFF00", "#FFFFFF", "#000000", "#8A2BE2", "#00FF7F", null, "not-a-colour"];
  test.each(colors.flatMap((c) => [[c, "light"] as const, [c, "dark"] as const]))(
    "%p on %s reaches the minimum contrast",
    (color, theme) => {
      const shown = readableNameColor(color, "someone", theme);
      expect(shown).toMatch(/^#[0-9a-f]{6}$/);
      expect(contrastRatio(shown, themeBackground(theme))).toBeGreaterThanOrEqual(MIN_CONTRAST);
    },
  );

  test("a colour that is already readable is kept as it is", () => {
    expect(readableNameColor("#0000FF", "x", "light")).toBe("#0000ff");
    expect(readableNameColor("#FFFF00", "x", "dark")).toBe("#ffff00");
  });

  test("a viewer without a colour gets the same default every time", () => {
    expect(defaultNameColor("ronni")).toBe(defaultNameColor("ronni"));
    expect(readableNameColor(null, "ronni", "dark")).toBe(readableNameColor(null, "ronni", "dark"));
  });
});

test.each<[string, string, BadgeLabel]>([
  ["moderator", "1", { key: "moderator" }],
  ["broadcaster", "1", { key: "broadcaster" }],
  ["founder", "0", { key: "founder" }],
  ["subscriber", "12", { key: "subscriber", count: 12 }],
  ["subscriber", "3024", { key: "subscriber", count: 24 }],
  ["subscriber", "0", { key: "subscriber", count: null }],
  ["bits", "1000", { key: "bits", count: 1000 }],
  ["sub-gifter", "50", { key: "subGifter", count: 50 }],
  ["premium", "1", { key: "prime" }],
  ["subscriber", "1", { key: "subscriber", count: null }],
  ["bits", "", { key: "bits", count: null }],
  ["glhf-pledge", "1", { key: null, text: "glhf pledge" }],
  ["twitchcon_2024", "2", { key: null, text: "twitchcon 2024 2" }],
])("badge %s/%s", (set_id, version, label) => {
  expect(badgeLabel({ set_id, version })).toEqual(label);
});
