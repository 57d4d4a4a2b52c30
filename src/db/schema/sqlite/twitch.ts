import { sql } from "drizzle-orm";
import { users } from "./auth.ts";
import {
  bigint,
  bool,
  index,
  int,
  json,
  primaryKey,
  serial,
  table,
  text,
  timestamp,
  uniqueIndex,
} from "./core.ts";

/** The Twitch mirror: channels, follows, categories, tags, titles, streams. */

/** Every row is a watched channel (live detection covers them all). */
export const channels = table(
  "channels",
  {
    broadcaster_id: text().primaryKey(),
    broadcaster_login: text().notNull(),
    broadcaster_name: text().notNull(),
    broadcaster_language: text(),
    profile_image_url: text(),
    offline_image_url: text(),
    description: text(),
    broadcaster_type: text(),
    view_count: bigint().notNull().default(0),
    created_at: timestamp().notNull(),
    updated_at: timestamp().notNull(),
  },
  (t) => [
    index("channels_login").on(t.broadcaster_login),
    index("channels_name").on(sql`lower(${t.broadcaster_name})`, t.broadcaster_id),
  ],
);

export const userFollowedChannels = table(
  "user_followed_channels",
  {
    user_id: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    broadcaster_id: text()
      .notNull()
      .references(() => channels.broadcaster_id, { onDelete: "cascade" }),
    followed_at: timestamp().notNull(),
    /** False once the user unfollowed on Twitch (kept so the row's history stays). */
    followed: bool().notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.user_id, t.broadcaster_id] }),
    index("follows_channel").on(t.broadcaster_id),
  ],
);

export const channelUserStates = table(
  "channel_user_states",
  {
    user_id: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    broadcaster_id: text()
      .notNull()
      .references(() => channels.broadcaster_id, { onDelete: "cascade" }),
    favorite: bool().notNull().default(false),
    updated_at: timestamp().notNull(),
  },
  (t) => [primaryKey({ columns: [t.user_id, t.broadcaster_id] })],
);

export const categories = table(
  "categories",
  {
    /** The Twitch game id. */
    id: text().primaryKey(),
    name: text().notNull(),
    box_art_url: text(),
    igdb_id: text(),
    /** From IGDB (the daily metadata task): the game's summary, genre names and first release year. */
    description: text(),
    genres: json<string[]>().notNull().default([]),
    release_year: int(),
    /** When IGDB was last asked about it (rechecked after a week). */
    description_checked_at: timestamp(),
    game_metadata_checked_at: timestamp(),
    // Stats of its non-removed videos, kept up to date by the writes that change them (a category page
    // would otherwise aggregate the whole library on every request).
    video_count: int().notNull().default(0),
    total_size: bigint().notNull().default(0),
    latest_video_at: timestamp(),
    created_at: timestamp().notNull(),
    updated_at: timestamp().notNull(),
  },
  (t) => [
    index("categories_name").on(sql`lower(${t.name})`, t.id),
    index("categories_by_video_count").on(t.video_count, t.id),
    index("categories_by_latest_video").on(t.latest_video_at, t.id),
  ],
);

/** Which categories Twitch returned for a search, so repeated searches stay local for a while. */
export const categorySearchCache = table(
  "category_search_cache",
  {
    normalized_query: text().primaryKey(),
    category_ids: json<string[]>().notNull(),
    expires_at: timestamp().notNull(),
    last_accessed_at: timestamp().notNull(),
    created_at: timestamp().notNull(),
  },
  (t) => [index("category_search_cache_accessed").on(t.last_accessed_at)],
);

export const tags = table(
  "tags",
  { id: serial(), name: text().notNull(), created_at: timestamp().notNull() },
  (t) => [uniqueIndex("tags_name").on(t.name)],
);

/** Stream titles, deduplicated. */
export const titles = table(
  "titles",
  { id: serial(), name: text().notNull(), created_at: timestamp().notNull() },
  (t) => [uniqueIndex("titles_name").on(t.name)],
);

export const streams = table(
  "streams",
  {
    /** The Twitch stream id. */
    id: text().primaryKey(),
    broadcaster_id: text()
      .notNull()
      .references(() => channels.broadcaster_id, { onDelete: "cascade" }),
    type: text().notNull().default("live"),
    language: text(),
    thumbnail_url: text(),
    viewer_count: int().notNull().default(0),
    is_mature: bool(),
    started_at: timestamp().notNull(),
    /** Null while live. */
    ended_at: timestamp(),
    created_at: timestamp().notNull(),
    updated_at: timestamp().notNull(),
  },
  (t) => [
    index("streams_channel_started").on(t.broadcaster_id, t.started_at),
    index("streams_open").on(t.broadcaster_id).where(sql`${t.ended_at} is null`),
    index("streams_started").on(t.started_at),
  ],
);

export const streamCategories = table(
  "stream_categories",
  {
    stream_id: text()
      .notNull()
      .references(() => streams.id, { onDelete: "cascade" }),
    category_id: text()
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    linked_at: timestamp().notNull(),
  },
  (t) => [primaryKey({ columns: [t.stream_id, t.category_id] })],
);

export const streamTags = table(
  "stream_tags",
  {
    stream_id: text()
      .notNull()
      .references(() => streams.id, { onDelete: "cascade" }),
    tag_id: bigint()
      .notNull()
      .references(() => tags.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.stream_id, t.tag_id] })],
);

export const streamTitles = table(
  "stream_titles",
  {
    stream_id: text()
      .notNull()
      .references(() => streams.id, { onDelete: "cascade" }),
    title_id: bigint()
      .notNull()
      .references(() => titles.id, { onDelete: "cascade" }),
    linked_at: timestamp().notNull(),
  },
  (t) => [primaryKey({ columns: [t.stream_id, t.title_id] })],
);
