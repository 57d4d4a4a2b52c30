// The videos library keeps its filters in the URL (shareable, bookmarkable, back-button friendly). This
// module reads them safely (unknown values are dropped, never sent to the server) and turns them into a
// `video.listPage` input.

import { parseDateString, startOfLocalDay } from "@/lib/local-date";
import { QUALITIES } from "@/lib/recording-options";
import { pickOne, withoutUndefined } from "@/lib/url-search";

export const VIDEO_TABS = ["all", "this_week", "unwatched", "watch_later"] as const;
export const VIDEO_STATUS_FILTERS = ["DONE", "RUNNING", "PENDING", "FAILED"] as const;
/** A video is found by the quality it was asked for. */
export const QUALITY_FILTERS = QUALITIES;
export const DURATION_FILTERS = ["short", "medium", "long", "marathon"] as const;
export const SIZE_FILTERS = ["small", "medium", "large"] as const;
export const VIEWS = ["grid", "table"] as const;
/** The server's language filter: a code like `en` or `pt-BR`. */
const LANGUAGE = /^[a-z]{2,3}(-[a-zA-Z]{2,4})?$/;

export const SORTS = {
  newest: { sort: "created_at", order: "desc" },
  oldest: { sort: "created_at", order: "asc" },
  longest: { sort: "duration", order: "desc" },
  shortest: { sort: "duration", order: "asc" },
  largest: { sort: "size", order: "desc" },
  smallest: { sort: "size", order: "asc" },
  channel_asc: { sort: "channel", order: "asc" },
  channel_desc: { sort: "channel", order: "desc" },
} as const;
export type SortOption = keyof typeof SORTS;
export const SORT_OPTIONS = Object.keys(SORTS) as SortOption[];

export interface VideoSearch {
  tab?: (typeof VIDEO_TABS)[number];
  view?: (typeof VIEWS)[number];
  status?: (typeof VIDEO_STATUS_FILTERS)[number];
  sort?: SortOption;
  quality?: (typeof QUALITY_FILTERS)[number];
  duration?: (typeof DURATION_FILTERS)[number];
  size?: (typeof SIZE_FILTERS)[number];
  language?: string;
  /** Partial or truncated recordings only. */
  incomplete?: true;
  /** Recorded from this local day ("YYYY-MM-DD"), included. */
  from?: string;
  /** Recorded up to this local day, included. */
  to?: string;
}

/** The keys that narrow the list (not the tab, the view or the sort): what "Clear filters" removes. */
export const FILTER_KEYS = [
  "status",
  "quality",
  "duration",
  "size",
  "language",
  "incomplete",
  "from",
  "to",
] as const satisfies readonly (keyof VideoSearch)[];

/** URL search → filters; anything unknown is left out (so `?tab=favorites&sort=x` is just the default view). */
export function parseVideoSearch(raw: Record<string, unknown>): VideoSearch {
  let from = parseDateString(raw.from) ? (raw.from as string) : undefined;
  let to = parseDateString(raw.to) ? (raw.to as string) : undefined;
  // A range typed backwards means the same days.
  if (from && to && to < from) [from, to] = [to, from];
  const search: VideoSearch = {
    tab: pickOne(VIDEO_TABS, raw.tab),
    view: pickOne(VIEWS, raw.view),
    status: pickOne(VIDEO_STATUS_FILTERS, raw.status),
    sort: pickOne(SORT_OPTIONS, raw.sort),
    quality: pickOne(QUALITY_FILTERS, raw.quality),
    duration: pickOne(DURATION_FILTERS, raw.duration),
    size: pickOne(SIZE_FILTERS, raw.size),
    language: typeof raw.language === "string" && LANGUAGE.test(raw.language) ? raw.language : undefined,
    incomplete: raw.incomplete === true || raw.incomplete === "true" ? true : undefined,
    from,
    to,
  };
  // Defaults stay out of the URL.
  if (search.tab === "all") search.tab = undefined;
  if (search.view === "grid") search.view = undefined;
  if (search.sort === "newest") search.sort = undefined;
  return withoutUndefined(search);
}

export interface ListPageFilters {
  limit: number;
  sort: (typeof SORTS)[SortOption]["sort"];
  order: "asc" | "desc";
  status?: VideoSearch["status"];
  quality?: VideoSearch["quality"];
  duration?: VideoSearch["duration"];
  size?: VideoSearch["size"];
  language?: string;
  incomplete_only?: boolean;
  recorded_from?: string;
  recorded_to?: string;
  window?: "this_week";
  unwatched_only?: boolean;
  watch_later_only?: boolean;
}

export const PAGE_SIZE = 48;

/** The `video.listPage` input (without the cursor, which infinite scrolling adds) for a set of filters. */
export function listPageInput(search: VideoSearch): ListPageFilters {
  const input: ListPageFilters = { limit: PAGE_SIZE, ...SORTS[search.sort ?? "newest"] };
  if (search.status) input.status = search.status;
  if (search.quality) input.quality = search.quality;
  if (search.duration) input.duration = search.duration;
  if (search.size) input.size = search.size;
  if (search.language) input.language = search.language;
  if (search.incomplete) input.incomplete_only = true;
  // Whole local days: from the first day's midnight to the midnight after the last.
  if (search.from) input.recorded_from = startOfLocalDay(search.from);
  if (search.to) input.recorded_to = startOfLocalDay(search.to, 1);
  if (search.tab === "this_week") input.window = "this_week";
  if (search.tab === "unwatched") input.unwatched_only = true;
  if (search.tab === "watch_later") input.watch_later_only = true;
  return input;
}

/** Switching tab starts from a clean slate (the view stays): filters from another tab would hide what the tab is about. */
export function withTab(tab: VideoSearch["tab"], view?: VideoSearch["view"]): VideoSearch {
  return withoutUndefined({ tab: tab && tab !== "all" ? tab : undefined, view });
}

/** The search with every filter removed (tab, view and sort kept). */
export function withoutFilters(search: VideoSearch): VideoSearch {
  const kept = { ...search };
  for (const key of FILTER_KEYS) delete kept[key];
  return kept;
}

/** How many filters narrow the list now. */
export function activeFilterCount(search: VideoSearch): number {
  return FILTER_KEYS.filter((key) => search[key] !== undefined).length;
}

/** A sortable column of the table, and its two orders (the first is what a first click picks). */
export const COLUMN_SORTS = {
  recorded: ["newest", "oldest"],
  channel: ["channel_asc", "channel_desc"],
  duration: ["longest", "shortest"],
  size: ["largest", "smallest"],
} as const satisfies Record<string, readonly [SortOption, SortOption]>;
export type SortableColumn = keyof typeof COLUMN_SORTS;

/** Which way a column is sorted now (for `aria-sort`), or "none" when the list is sorted by another. */
export function columnSortState(
  column: SortableColumn,
  sort: SortOption = "newest",
): "ascending" | "descending" | "none" {
  const orders: readonly SortOption[] = COLUMN_SORTS[column];
  if (!orders.includes(sort)) return "none";
  return SORTS[sort].order === "asc" ? "ascending" : "descending";
}

/** The sort a click on a column's header picks: its first order, or the other one when already sorted by it. */
export function nextColumnSort(column: SortableColumn, sort: SortOption = "newest"): SortOption {
  const [first, second] = COLUMN_SORTS[column];
  return sort === first ? second : first;
}
