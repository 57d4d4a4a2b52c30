import { describe, expect, test } from "bun:test";
import {
  HISTORY_PAGE_SIZE,
  type HistoryCursor,
  type HistorySearch,
  historyInput,
  nextPage,
  pageCount,
  parseHistorySearch,
  previousPage,
  SORT_CHOICE_KEYS,
  sortBy,
  sortChoice,
  sortState,
  tabCounts,
  withSortChoice,
  withTab,
} from "./history-search";

const at = "2026-03-01T10:00:00.000Z";
const cursor = (id: number, sort_value?: string | number | null): HistoryCursor =>
  sort_value === undefined ? { start_download_at: at, id } : { sort_value, start_download_at: at, id };

describe("parseHistorySearch", () => {
  test.each<{ name: string; raw: Record<string, unknown>; expected: HistorySearch }>([
    { name: "empty: all, newest first, page 1", raw: {}, expected: {} },
    { name: "defaults are left out", raw: { tab: "all", sort: "when", order: "desc" }, expected: {} },
    {
      name: "a channel sort's default is A to Z",
      raw: { sort: "channel", order: "asc" },
      expected: { sort: "channel" },
    },
    {
      name: "a tab, a sort the other way, page 3 after a cursor",
      raw: { tab: "failed", sort: "size", order: "asc", page: 3, after: cursor(7, 1024) },
      expected: { tab: "failed", sort: "size", order: "asc", page: 3, after: cursor(7, 1024) },
    },
    {
      name: "the page before a channel cursor",
      raw: { tab: "removed", sort: "channel", page: 2, before: cursor(9, "alpha") },
      expected: { tab: "removed", sort: "channel", page: 2, before: cursor(9, "alpha") },
    },
    { name: "a page without a cursor is page 1", raw: { page: 4 }, expected: {} },
    { name: "a cursor on page 1 is dropped", raw: { page: 1, after: cursor(3) }, expected: {} },
    {
      name: "malformed cursors are dropped",
      raw: {
        page: 2,
        after: { start_download_at: "yesterday", id: 3 },
        before: { start_download_at: at, id: -1 },
      },
      expected: {},
    },
    {
      name: "unknown values are dropped",
      raw: { tab: "deleted", sort: "title", order: "up", page: "2", after: "x" },
      expected: {},
    },
  ])("$name", ({ raw, expected }) => {
    expect(parseHistorySearch(raw)).toEqual(expected);
  });

  test("a paged view survives the round trip through the URL", () => {
    const search: HistorySearch = { tab: "cancelled", sort: "duration", page: 5, after: cursor(12, 3600.5) };
    expect(parseHistorySearch(JSON.parse(JSON.stringify(search)))).toEqual(search);
  });
});

describe("historyInput", () => {
  test.each<{ name: string; search: HistorySearch; expected: Record<string, unknown> }>([
    {
      name: "all: everything that finished, removed included, newest first",
      search: {},
      expected: {
        limit: HISTORY_PAGE_SIZE,
        sort: "created_at",
        order: "desc",
        terminal_only: true,
        scope: "all",
      },
    },
    {
      name: "failed, largest first",
      search: { tab: "failed", sort: "size" },
      expected: { limit: HISTORY_PAGE_SIZE, sort: "size", order: "desc", status: "FAILED" },
    },
    {
      name: "cancelled, by channel Z to A",
      search: { tab: "cancelled", sort: "channel", order: "desc" },
      expected: {
        limit: HISTORY_PAGE_SIZE,
        sort: "channel",
        order: "desc",
        terminal_only: true,
        completion_kind: "cancelled",
      },
    },
    {
      name: "removed, the page after a cursor",
      search: { tab: "removed", page: 2, after: cursor(4) },
      expected: {
        limit: HISTORY_PAGE_SIZE,
        sort: "created_at",
        order: "desc",
        scope: "removed",
        cursor: cursor(4),
        direction: "forward",
      },
    },
    {
      name: "the page before a cursor",
      search: { page: 2, before: cursor(8) },
      expected: {
        limit: HISTORY_PAGE_SIZE,
        sort: "created_at",
        order: "desc",
        terminal_only: true,
        scope: "all",
        cursor: cursor(8),
        direction: "backward",
      },
    },
  ])("$name", ({ search, expected }) => {
    expect(historyInput(search)).toEqual(expected as never);
  });
});

describe("paging", () => {
  test("next, next, previous, previous: pages 2, 3, 2, then the plain first page", () => {
    const first: HistorySearch = { tab: "failed" };
    const second = nextPage(first, cursor(50));
    expect(second).toEqual({ tab: "failed", page: 2, after: cursor(50) });
    const third = nextPage(second, cursor(100));
    expect(third).toEqual({ tab: "failed", page: 3, after: cursor(100) });
    const backToSecond = previousPage(third, cursor(51));
    expect(backToSecond).toEqual({ tab: "failed", page: 2, before: cursor(51) });
    expect(previousPage(backToSecond, cursor(1))).toEqual({ tab: "failed" });
  });

  test.each([
    [0, 1, 1],
    [50, 1, 1],
    [51, 1, 2],
    [240, 2, 5],
    [10, 3, 3],
  ])("%i in all on page %i: %i pages", (total, page, pages) => {
    expect(pageCount(total, page)).toBe(pages);
  });
});

describe("sorting and tabs", () => {
  test.each<[HistorySearch, "when" | "channel" | "duration" | "size", HistorySearch]>([
    [{}, "when", { order: "asc" }],
    [{ order: "asc" }, "when", {}],
    [{}, "channel", { sort: "channel" }],
    [{ sort: "channel" }, "channel", { sort: "channel", order: "desc" }],
    [
      { tab: "removed", sort: "size", page: 3, after: cursor(5, 10) },
      "duration",
      { tab: "removed", sort: "duration" },
    ],
  ])("%p, a click on %s → %p (back to page 1)", (search, column, expected) => {
    expect(sortBy(search, column)).toEqual(expected);
  });

  test("the header says which way each column sorts", () => {
    expect(sortState({}, "when")).toBe("descending");
    expect(sortState({}, "size")).toBe("none");
    expect(sortState({ sort: "channel" }, "channel")).toBe("ascending");
    expect(sortState({ sort: "size", order: "asc" }, "size")).toBe("ascending");
  });

  test("another tab starts on its first page with the sort kept", () => {
    expect(withTab({ tab: "failed", sort: "size", page: 2, after: cursor(3, 5) }, "removed")).toEqual({
      tab: "removed",
      sort: "size",
    });
    expect(withTab({ sort: "channel" }, "all")).toEqual({ sort: "channel" });
  });

  test("tab counts: everything finished is done + failed + removed", () => {
    const stats = {
      by_status: [
        { status: "RUNNING", count: 2 },
        { status: "DONE", count: 40 },
        { status: "FAILED", count: 3 },
      ],
      cancelled: 5,
      removed: 7,
    };
    expect(tabCounts(stats)).toEqual({ all: 50, failed: 3, cancelled: 5, removed: 7 });
  });
});

test("every sort choice reads back as itself, and picking one returns to page 1", () => {
  for (const choice of SORT_CHOICE_KEYS) {
    expect(sortChoice(withSortChoice({ tab: "failed", page: 4, after: cursor(9, 1) }, choice))).toBe(choice);
  }
  expect(withSortChoice({ tab: "failed", page: 4, after: cursor(9, 1) }, "shortest")).toEqual({
    tab: "failed",
    sort: "duration",
    order: "asc",
  });
  expect(sortChoice({})).toBe("newest");
});
