// The channels page keeps its sort and filter in the URL; unknown values are dropped.
import { pickOne } from "@/lib/url-search";

export const CHANNEL_SORTS = ["name_asc", "name_desc"] as const;
export const CHANNEL_FILTERS = ["all", "live", "favorites", "downloaded"] as const;

export interface ChannelSearch {
  sort?: (typeof CHANNEL_SORTS)[number];
  filter?: (typeof CHANNEL_FILTERS)[number];
}

export function parseChannelSearch(raw: Record<string, unknown>): ChannelSearch {
  const search: ChannelSearch = {};
  if (raw.sort === "name_desc") search.sort = "name_desc";
  const filter = pickOne(CHANNEL_FILTERS, raw.filter);
  if (filter && filter !== "all") search.filter = filter;
  return search;
}
