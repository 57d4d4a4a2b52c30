// The recording history keeps its tab, sort and page in the URL (so a page of failures can be bookmarked
// or shared): this module reads them safely, turns them into a `video.listPage` input, and moves between
// keyset pages (the cursor of the page's edge is in the URL; the page number only labels it).

import { pickOne, withoutUndefined } from "@/lib/url-search";

export const HISTORY_TABS = ["all", "failed", "cancelled", "removed"] as const;
export type HistoryTab = (typeof HISTORY_TABS)[number];
export const HISTORY_SORTS = ["when", "channel", "duration", "size"] as const;
export type HistorySort = (typeof HISTORY_SORTS)[number];
export type Order = "asc" | "desc";
export const HISTORY_PAGE_SIZE = 50;

/** Where a keyset page starts or ends (as `video.listPage` hands it out). */
export interface HistoryCursor {
  sort_value?: string | number | null;
  start_download_at: string;
  id: number;
}

export interface HistorySearch {
  tab?: HistoryTab;
  sort?: HistorySort;
  order?: Order;
  /** 1-based; only with a cursor. */
  page?: number;
  /** The page after this cursor… */
  after?: HistoryCursor;
  /** …or the page before it. */
  before?: HistoryCursor;
}

/** The order a column sorts in when first picked: names A to Z, everything else most first. */
const FIRST_ORDER: Record<HistorySort, Order> = {
  when: "desc",
  channel: "asc",
  duration: "desc",
  size: "desc",
};

function readCursor(raw: unknown): HistoryCursor | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const { sort_value, start_download_at, id } = raw as Record<string, unknown>;
  if (typeof start_download_at !== "string" || Number.isNaN(Date.parse(start_download_at))) return undefined;
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0) return undefined;
  const cursor: HistoryCursor = { start_download_at, id };
  if (sort_value === null || (typeof sort_value === "string" && sort_value.length <= 200)) {
    cursor.sort_value = sort_value;
  } else if (typeof sort_value === "number" && Number.isFinite(sort_value)) {
    cursor.sort_value = sort_value;
  } else if (sort_value !== undefined) {
    return undefined;
  }
  return cursor;
}

/** URL search → the history's state; anything malformed falls back to the first page of the default view. */
export function parseHistorySearch(raw: Record<string, unknown>): HistorySearch {
  const search: HistorySearch = {
    tab: pickOne(HISTORY_TABS, raw.tab),
    sort: pickOne(HISTORY_SORTS, raw.sort),
    order: pickOne(["asc", "desc"] as const, raw.order),
  };
  const after = readCursor(raw.after);
  const before = after ? undefined : readCursor(raw.before);
  const page = typeof raw.page === "number" && Number.isSafeInteger(raw.page) ? raw.page : undefined;
  // A page past the first needs its cursor; without one it is the first page.
  if ((after || before) && page !== undefined && page >= 2) Object.assign(search, { page, after, before });
  if (search.tab === "all") search.tab = undefined;
  if (search.sort === "when") search.sort = undefined;
  if (search.order === FIRST_ORDER[search.sort ?? "when"]) search.order = undefined;
  return withoutUndefined(search);
}

/** The list filters of each tab: everything that finished (removed included), failures, cancellations, removals. */
const TAB_FILTERS = {
  all: { terminal_only: true, scope: "all" },
  failed: { status: "FAILED" },
  cancelled: { terminal_only: true, completion_kind: "cancelled" },
  removed: { scope: "removed" },
} as const;

const SERVER_SORT = { when: "created_at", channel: "channel", duration: "duration", size: "size" } as const;

export function historyInput(search: HistorySearch) {
  const sort = search.sort ?? "when";
  const cursor = search.after ?? search.before;
  return {
    limit: HISTORY_PAGE_SIZE,
    sort: SERVER_SORT[sort],
    order: search.order ?? FIRST_ORDER[sort],
    ...TAB_FILTERS[search.tab ?? "all"],
    ...(cursor ? { cursor, direction: search.before ? ("backward" as const) : ("forward" as const) } : {}),
  };
}

/** A column header's click: that column in its first order, or the other order when already sorted by it; back to page 1. */
export function sortBy(search: HistorySearch, sort: HistorySort): HistorySearch {
  const current = search.sort ?? "when";
  const order = search.order ?? FIRST_ORDER[current];
  const next = current === sort ? (order === "asc" ? "desc" : "asc") : FIRST_ORDER[sort];
  return parseHistorySearch({ tab: search.tab, sort, order: next });
}

/** Which way a column is sorted now, for `aria-sort`. */
export function sortState(search: HistorySearch, column: HistorySort): "ascending" | "descending" | "none" {
  if ((search.sort ?? "when") !== column) return "none";
  return (search.order ?? FIRST_ORDER[column]) === "asc" ? "ascending" : "descending";
}

/** Another tab starts on its first page, with the sort kept. */
export function withTab(search: HistorySearch, tab: HistoryTab): HistorySearch {
  return parseHistorySearch({ tab, sort: search.sort, order: search.order });
}

/** The page after this one, from its last item's cursor. */
export function nextPage(search: HistorySearch, nextCursor: HistoryCursor): HistorySearch {
  return { ...withoutPaging(search), page: (search.page ?? 1) + 1, after: nextCursor };
}

/** The page before this one; the first page is the plain URL again. */
export function previousPage(search: HistorySearch, prevCursor: HistoryCursor): HistorySearch {
  const page = (search.page ?? 1) - 1;
  return page <= 1 ? withoutPaging(search) : { ...withoutPaging(search), page, before: prevCursor };
}

function withoutPaging({
  page: _page,
  after: _after,
  before: _before,
  ...rest
}: HistorySearch): HistorySearch {
  return rest;
}

/** Counts behind each tab, from `video.statistics`: everything finished = done + failed + removed. */
export function tabCounts(stats: {
  by_status: { status: string; count: number }[];
  cancelled: number;
  removed: number;
}): Record<HistoryTab, number> {
  const of = (status: string) => stats.by_status.find((s) => s.status === status)?.count ?? 0;
  return {
    all: of("DONE") + of("FAILED") + stats.removed,
    failed: of("FAILED"),
    cancelled: stats.cancelled,
    removed: stats.removed,
  };
}

/** How many pages a tab has (at least the one being shown, should the count lag behind). */
export function pageCount(total: number, page: number): number {
  return Math.max(page, Math.ceil(total / HISTORY_PAGE_SIZE), 1);
}

/** The sort as one choice (phones, where the column headers are hidden), named like the library's sorts. */
export const SORT_CHOICES = {
  newest: ["when", "desc"],
  oldest: ["when", "asc"],
  channel_asc: ["channel", "asc"],
  channel_desc: ["channel", "desc"],
  longest: ["duration", "desc"],
  shortest: ["duration", "asc"],
  largest: ["size", "desc"],
  smallest: ["size", "asc"],
} as const satisfies Record<string, readonly [HistorySort, Order]>;
export type SortChoice = keyof typeof SORT_CHOICES;
export const SORT_CHOICE_KEYS = Object.keys(SORT_CHOICES) as SortChoice[];

export function sortChoice(search: HistorySearch): SortChoice {
  const sort = search.sort ?? "when";
  const order = search.order ?? FIRST_ORDER[sort];
  return (
    SORT_CHOICE_KEYS.find((k) => SORT_CHOICES[k][0] === sort && SORT_CHOICES[k][1] === order) ?? "newest"
  );
}

/** The search sorted by a choice, back to page 1. */
export function withSortChoice(search: HistorySearch, choice: SortChoice): HistorySearch {
  const [sort, order] = SORT_CHOICES[choice];
  return parseHistorySearch({ tab: search.tab, sort, order });
}
