import { describe, expect, test } from "bun:test";
import {
  activeFilterCount,
  columnSortState,
  listPageInput,
  nextColumnSort,
  PAGE_SIZE,
  parseVideoSearch,
  type SortableColumn,
  type SortOption,
  type VideoSearch,
  withoutFilters,
  withTab,
} from "./search";

/** The instant a local calendar day starts (the browser's time zone: here, the test's). */
const localMidnight = (year: number, month: number, day: number) =>
  new Date(year, month - 1, day).toISOString();

describe("parseVideoSearch", () => {
  test.each<{ name: string; raw: Record<string, unknown>; expected: VideoSearch }>([
    { name: "empty", raw: {}, expected: {} },
    {
      name: "every known filter",
      raw: { tab: "watch_later", status: "DONE", sort: "largest", quality: "720p", duration: "long" },
      expected: { tab: "watch_later", status: "DONE", sort: "largest", quality: "720p", duration: "long" },
    },
    {
      name: "the newer filters: size, language, incomplete, a date range, the table view",
      raw: {
        size: "large",
        language: "pt-BR",
        incomplete: true,
        from: "2026-03-01",
        to: "2026-03-31",
        view: "table",
      },
      expected: {
        size: "large",
        language: "pt-BR",
        incomplete: true,
        from: "2026-03-01",
        to: "2026-03-31",
        view: "table",
      },
    },
    { name: "incomplete read back from text", raw: { incomplete: "true" }, expected: { incomplete: true } },
    {
      name: "a range typed backwards is the same days",
      raw: { from: "2026-03-31", to: "2026-03-01" },
      expected: { from: "2026-03-01", to: "2026-03-31" },
    },
    { name: "defaults are left out", raw: { tab: "all", sort: "newest", view: "grid" }, expected: {} },
    {
      name: "malformed newer filters are dropped",
      raw: {
        size: "huge",
        language: "English",
        incomplete: "yes",
        from: "2026-02-30",
        to: "03/01/2026",
        view: "list",
      },
      expected: {},
    },
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
    {
      name: "size, language, incomplete, and whole local days from the first to the last",
      search: {
        size: "small",
        language: "fr",
        incomplete: true,
        from: "2026-03-01",
        to: "2026-03-31",
        sort: "smallest",
      },
      expected: {
        limit: PAGE_SIZE,
        sort: "size",
        order: "asc",
        size: "small",
        language: "fr",
        incomplete_only: true,
        recorded_from: localMidnight(2026, 3, 1),
        recorded_to: localMidnight(2026, 4, 1),
      },
    },
    {
      name: "one day, across a month's end",
      search: { from: "2026-02-28", to: "2026-02-28" },
      expected: {
        limit: PAGE_SIZE,
        sort: "created_at",
        order: "desc",
        recorded_from: localMidnight(2026, 2, 28),
        recorded_to: localMidnight(2026, 3, 1),
      },
    },
  ])("$name", ({ search, expected }) => {
    expect(listPageInput(search)).toEqual(expected as never);
  });
});

test("a filtered view survives the round trip through the URL", () => {
  const search: VideoSearch = {
    tab: "this_week",
    view: "table",
    sort: "channel_desc",
    size: "medium",
    from: "2026-01-05",
  };
  expect(parseVideoSearch(JSON.parse(JSON.stringify(search)))).toEqual(search);
});

test("clearing filters keeps the tab, the view and the sort; the count says how many narrow the list", () => {
  const search: VideoSearch = {
    tab: "unwatched",
    view: "table",
    sort: "oldest",
    status: "DONE",
    language: "en",
    from: "2026-01-01",
  };
  expect(activeFilterCount(search)).toBe(3);
  expect(withoutFilters(search)).toEqual({ tab: "unwatched", view: "table", sort: "oldest" });
  expect(activeFilterCount(withoutFilters(search))).toBe(0);
});

describe("sortable columns", () => {
  test.each<[SortableColumn, SortOption | undefined, "ascending" | "descending" | "none", SortOption]>([
    ["recorded", undefined, "descending", "oldest"],
    ["recorded", "oldest", "ascending", "newest"],
    ["channel", undefined, "none", "channel_asc"],
    ["channel", "channel_asc", "ascending", "channel_desc"],
    ["channel", "channel_desc", "descending", "channel_asc"],
    ["duration", "largest", "none", "longest"],
    ["duration", "longest", "descending", "shortest"],
    ["size", "smallest", "ascending", "largest"],
  ])("%s while sorted by %p: %s, a click sorts by %s", (column, sort, state, next) => {
    expect(columnSortState(column, sort)).toBe(state);
    expect(nextColumnSort(column, sort)).toBe(next);
  });
});

test.each([
  ["all", undefined, {}],
  ["unwatched", undefined, { tab: "unwatched" }],
  [undefined, undefined, {}],
  ["this_week", "table", { tab: "this_week", view: "table" }],
] as const)("switching to tab %p clears the other filters, keeps view %p", (tab, view, expected) => {
  expect(withTab(tab, view)).toEqual(expected);
});
