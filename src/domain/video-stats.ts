/** The library's statistics beyond the totals: shares per channel, category and language, and over time. */

/** What a slice of the library holds. */
export interface LibraryShare {
  count: number;
  size_bytes: number;
  duration_seconds: number;
}

export interface ChannelShare extends LibraryShare {
  broadcaster_id: string;
  broadcaster_login: string;
  broadcaster_name: string;
  profile_image_url: string | null;
}

/** A primary category's share; `category_id` null gathers the recordings that had none. */
export interface CategoryShare extends LibraryShare {
  category_id: string | null;
  name: string | null;
  box_art_url: string | null;
}

export interface LanguageShare {
  language: string;
  count: number;
}

export interface LibraryBreakdown {
  /** The channels with the most recorded time, most first. */
  channels: ChannelShare[];
  /** The primary categories with the most recorded time, most first. */
  categories: CategoryShare[];
  /** Audio-only recordings and the others. */
  audio_only: LibraryShare;
}

/** Recordings started in [from, to). */
export interface TimeBucket extends LibraryShare {
  from: string;
  to: string;
}

/** At most this many buckets in one request (a year of weeks, two months of days). */
export const MAX_TIME_BUCKETS = 62;
