// The videos library keeps its filters in the URL (shareable, back-button friendly). This module reads them
// safely (unknown values are dropped, never sent to the server) and turns them into a `video.listPage` input.

import { QUALITIES } from "@/lib/recording-options";
import { pickOne, withoutUndefined } from "@/lib/url-search";

export const VIDEO_TABS = ["all", "this_week", "unwatched", "watch_later"] as const;
export const VIDEO_STATUS_FILTERS = ["DONE", "RUNNING", "PENDING", "FAILED"] as const;
/** A video is found by the quality it was asked for. */
export const QUALITY_FILTERS = QUALITIES;
export const DURATION_FILTERS = ["short", "medium", "long", "marathon"] as const;

export const SORTS = {
  newest: { sort: "created_at", order: "desc" },
  oldest: { sort: "created_at", order: "asc" },
  longest: { sort: "duration", order: "desc" },
  largest: { sort: "size", order: "desc" },
  channel_asc: { sort: "channel", order: "asc" },
  channel_desc: { sort: "channel", order: "desc" },
} as const;
export type SortOption = keyof typeof SORTS;
export const SORT_OPTIONS = Object.keys(SORTS) as SortOption[];

export interface VideoSearch {
  tab?: (typeof VIDEO_TABS)[number];
  status?: (typeof VIDEO_STATUS_FILTERS)[number];
  sort?: SortOption;
  quality?: (typeof QUALITY_FILTERS)[number];
  duration?: (typeof DURATION_FILTERS)[number];
}

/** URL search → filters; anything unknown is left out (so `?tab=favorites&sort=x` is just the default view). */
export function parseVideoSearch(raw: Record<string, unknown>): VideoSearch {
  const search: VideoSearch = {
    tab: pickOne(VIDEO_TABS, raw.tab),
    status: pickOne(VIDEO_STATUS_FILTERS, raw.status),
    sort: pickOne(SORT_OPTIONS, raw.sort),
    quality: pickOne(QUALITY_FILTERS, raw.quality),
    duration: pickOne(DURATION_FILTERS, raw.duration),
  };
  // Defaults stay out of the URL.
  if (search.tab === "all") search.tab = undefined;
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
  if (search.tab === "this_week") input.window = "this_week";
  if (search.tab === "unwatched") input.unwatched_only = true;
  if (search.tab === "watch_later") input.watch_later_only = true;
  return input;
}

/** Switching tab starts from a clean slate: filters from another tab would hide what the tab is about. */
export function withTab(tab: VideoSearch["tab"]): VideoSearch {
  return tab && tab !== "all" ? { tab } : {};
}
