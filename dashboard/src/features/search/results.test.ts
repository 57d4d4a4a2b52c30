import { describe, expect, test } from "bun:test";
import { moveActive, searchGroups, searchTerm } from "./results";

describe("searchTerm", () => {
  test.each<[string, string | null]>([
    ["", null],
    ["   ", null],
    ["a", null],
    [" ab ", "ab"],
    ["speed   run", "speed run"],
    ["x".repeat(150), "x".repeat(100)],
  ])("%j → %j", (raw, expected) => {
    expect(searchTerm(raw)).toBe(expected);
  });
});

describe("searchGroups", () => {
  test("videos, channels, categories in that order, each option leading to its page", () => {
    const groups = searchGroups(
      {
        categories: [{ id: "509658", name: "Just Chatting" }],
        channels: [
          { broadcaster_id: "11", broadcaster_name: "KitchenLab", broadcaster_login: "kitchen_lab" },
          { broadcaster_id: "12", broadcaster_name: "sam", broadcaster_login: "sam" },
        ],
        videos: [
          { id: 7, title: "", broadcaster_name: "KitchenLab", primary_category: { name: "Just Chatting" } },
          { id: 8, title: "Pasta night", broadcaster_name: "KitchenLab", primary_category: null },
        ],
      },
      "Untitled stream",
    );
    expect(groups.map((g) => [g.kind, g.options.map((o) => [o.label, o.detail])])).toEqual([
      [
        "video",
        [
          ["Untitled stream", "KitchenLab · Just Chatting"],
          ["Pasta night", "KitchenLab"],
        ],
      ],
      [
        "channel",
        [
          ["KitchenLab", "kitchen_lab"],
          ["sam", null],
        ],
      ],
      ["category", [["Just Chatting", null]]],
    ]);
    expect(groups.flatMap((g) => g.options.map((o) => o.target))).toEqual([
      { to: "/watch/$videoId", params: { videoId: 7 } },
      { to: "/watch/$videoId", params: { videoId: 8 } },
      { to: "/channels/$channelId", params: { channelId: "11" } },
      { to: "/channels/$channelId", params: { channelId: "12" } },
      { to: "/categories/$categoryId", params: { categoryId: "509658" } },
    ]);
    expect(new Set(groups.flatMap((g) => g.options.map((o) => o.key))).size).toBe(5);
  });

  test("kinds without answers (or not answered yet) are left out", () => {
    expect(searchGroups({ videos: [], channels: undefined }, "x")).toEqual([]);
  });
});

describe("moveActive", () => {
  test.each<[string, number, 1 | -1, number, number]>([
    ["down from nothing: the first", -1, 1, 5, 0],
    ["up from nothing: the last", -1, -1, 5, 4],
    ["down", 1, 1, 5, 2],
    ["down from the last wraps", 4, 1, 5, 0],
    ["up from the first wraps", 0, -1, 5, 4],
    ["a stale index after the list shrank", 7, 1, 3, 0],
    ["no options", 2, 1, 0, -1],
  ])("%s", (_name, active, delta, count, expected) => {
    expect(moveActive(active, delta, count)).toBe(expected);
  });
});
