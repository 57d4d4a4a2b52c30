import { describe, expect, test } from "bun:test";
import { listPageInput, PAGE_SIZE, parseVideoSearch, type VideoSearch, withTab } from "./search";

describe("parseVideoSearch", () => {
  test.each<{ name: string; raw: Record<string, unknown>; expected: VideoSearch }>([
    { name: "empty", raw: {}, expected: {} },
    {
      name: "every known filter",
      raw: { tab: "watch_later", status: "DONE", sort: "largest", quality: "720p", duration: "long" },
      expected: { tab: "watch_later", status: "DONE", sort: "largest", quality: "720p", duration: "long" },
    },
    { name: "defaults are left out", raw: { tab: "all", sort: "newest" }, expected: {} },
    {
      name: "unknown values are dropped",
      raw: { tab: "favorites", status: "done", sort: 3, quality: "4k", duration: "", extra: "x" },
      expected: {},
    },
  ])("$name", ({ raw, expected }) => {
    expect(parseVideoSearch(raw)).toEqual(expected);
  });
});

describe("listPageInput", () => {
  test.each<{ name: string; search: VideoSearch; expected: Record<string, unknown> }>([
    {
      name: "default: newest first",
      search: {},
      expected: { limit: PAGE_SIZE, sort: "created_at", order: "desc" },
    },
    {
      name: "oldest",
      search: { sort: "oldest" },
      expected: { limit: PAGE_SIZE, sort: "created_at", order: "asc" },
    },
    {
      name: "channel A–Z",
      search: { sort: "channel_asc" },
      expected: { limit: PAGE_SIZE, sort: "channel", order: "asc" },
    },
    {
      name: "this week tab",
      search: { tab: "this_week" },
      expected: { limit: PAGE_SIZE, sort: "created_at", order: "desc", window: "this_week" },
    },
    {
      name: "unwatched tab with a status",
      search: { tab: "unwatched", status: "FAILED" },
      expected: {
        limit: PAGE_SIZE,
        sort: "created_at",
        order: "desc",
        unwatched_only: true,
        status: "FAILED",
      },
    },
    {
      name: "watch later, longest, quality and duration",
      search: { tab: "watch_later", sort: "longest", quality: "audio_only", duration: "marathon" },
      expected: {
        limit: PAGE_SIZE,
        sort: "duration",
        order: "desc",
        watch_later_only: true,
        quality: "audio_only",
        duration: "marathon",
      },
    },
  ])("$name", ({ search, expected }) => {
    expect(listPageInput(search)).toEqual(expected as never);
  });
});

test.each([
  ["all", {}],
  ["unwatched", { tab: "unwatched" }],
  [undefined, {}],
] as const)("switching to tab %p clears the other filters", (tab, expected) => {
  expect(withTab(tab)).toEqual(expected);
});
