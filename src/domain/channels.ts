/** The Twitch mirror: channels, follows, categories, tags, titles, streams. */

import type { SortOrder } from "./pagination.ts";

/** A watched channel: every row is one replayd watches for going live. */
export interface Channel {
  broadcaster_id: string;
  broadcaster_login: string;
  broadcaster_name: string;
  broadcaster_language: string | null;
  profile_image_url: string | null;
  offline_image_url: string | null;
  description: string | null;
  broadcaster_type: string | null;
  view_count: number;
  created_at: string;
  updated_at: string;
}

/** What Helix tells us about a channel; unknown optional fields keep their stored value. */
export interface ChannelUpsert {
  broadcaster_id: string;
  broadcaster_login: string;
  broadcaster_name: string;
  broadcaster_language?: string | null;
  profile_image_url?: string | null;
  offline_image_url?: string | null;
  description?: string | null;
  broadcaster_type?: string | null;
  view_count?: number;
}

export interface ChannelUserState {
  favorite: boolean;
  updated_at: string;
}

/** A channel as one user sees it. */
export interface ChannelView extends Channel {
  user_state: ChannelUserState | null;
  /** True while the channel has an open stream. */
  is_live: boolean;
}

export const CHANNEL_FILTERS = ["all", "live", "downloaded", "favorites"] as const;
export type ChannelFilter = (typeof CHANNEL_FILTERS)[number];

export interface ChannelCursor {
  broadcaster_name: string;
  broadcaster_id: string;
}

export interface ChannelListQuery {
  /** Whose favorites and states to show. */
  viewer_id: string | null;
  limit: number;
  order?: SortOrder;
  filter?: ChannelFilter;
  cursor?: ChannelCursor | null;
  direction?: "forward" | "backward";
}

export interface Follow {
  broadcaster_id: string;
  followed_at: string;
}

export interface Category {
  /** The Twitch game id. */
  id: string;
  name: string;
  box_art_url: string | null;
  igdb_id: string | null;
  /** IGDB's summary of the game, its genre names and first release year (see `category_metadata_sync`). */
  description: string | null;
  genres: string[];
  release_year: number | null;
  /** When IGDB was last asked about this category's game. */
  description_checked_at: string | null;
  game_metadata_checked_at: string | null;
  /** Non-removed videos in this category (a video counts in every category it streamed). */
  video_count: number;
  total_size: number;
  latest_video_at: string | null;
  created_at: string;
  updated_at: string;
}

/** What IGDB says of a category's game (nulls and [] when IGDB does not know it). */
export interface CategoryMetadata {
  description: string | null;
  genres: string[];
  release_year: number | null;
}

export interface CategoryUpsert {
  id: string;
  name: string;
  box_art_url?: string | null;
  igdb_id?: string | null;
}

export const CATEGORY_SORTS = ["name_asc", "latest_video_desc", "video_count_desc"] as const;
export type CategorySort = (typeof CATEGORY_SORTS)[number];

export interface CategoryCursor {
  /** The sort value of the last item: its name, latest video time, or video count. */
  sort_value: string | number | null;
  id: string;
}

export interface CategoryListQuery {
  limit: number;
  sort?: CategorySort;
  cursor?: CategoryCursor | null;
  direction?: "forward" | "backward";
}

export interface Tag {
  id: number;
  name: string;
  created_at: string;
}

export interface Title {
  id: number;
  name: string;
  created_at: string;
}

export interface Stream {
  /** The Twitch stream id. */
  id: string;
  broadcaster_id: string;
  type: string;
  language: string | null;
  thumbnail_url: string | null;
  viewer_count: number;
  is_mature: boolean | null;
  started_at: string;
  ended_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A stream as Helix reports it, with the labels to link to it. */
export interface StreamSnapshot {
  id: string;
  broadcaster_id: string;
  type?: string;
  language?: string | null;
  thumbnail_url?: string | null;
  viewer_count?: number;
  is_mature?: boolean | null;
  started_at: string;
  title?: string | null;
  category?: CategoryUpsert | null;
  tags?: string[];
}

/** The most recent stream of a channel, with what to display it. */
export interface LatestLive {
  stream: Stream;
  channel: Channel;
}
