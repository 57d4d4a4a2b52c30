import { sql } from "drizzle-orm";
import { GAP_KINDS } from "../../../domain/timeline.ts";
import { PLAYBACK_STATUSES } from "../../../domain/videos.ts";
import { oneOf } from "../constraints.ts";
import { users } from "./auth.ts";
import {
  bigint,
  bool,
  check,
  double,
  enumText,
  index,
  primaryKey,
  serial,
  table,
  text,
  timestamp,
  uniqueIndex,
} from "./core.ts";
import { categories, tags, titles } from "./twitch.ts";
import { videos } from "./videos.ts";

/** What hangs off a video: its labels, title/category history, playback artifact and per-user state. */

export const videoCategories = table(
  "video_categories",
  {
    video_id: bigint()
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    category_id: text()
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    linked_at: timestamp().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.video_id, t.category_id] }),
    index("video_categories_category").on(t.category_id, t.video_id),
  ],
);

export const videoTags = table(
  "video_tags",
  {
    video_id: bigint()
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    tag_id: bigint()
      .notNull()
      .references(() => tags.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.video_id, t.tag_id] }), index("video_tags_tag").on(t.tag_id)],
);

export const videoTitles = table(
  "video_titles",
  {
    video_id: bigint()
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    title_id: bigint()
      .notNull()
      .references(() => titles.id, { onDelete: "cascade" }),
    linked_at: timestamp().notNull(),
  },
  (t) => [primaryKey({ columns: [t.video_id, t.title_id] }), index("video_titles_title").on(t.title_id)],
);

export const videoTitleSpans = table(
  "video_title_spans",
  {
    id: serial(),
    video_id: bigint()
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    title_id: bigint()
      .notNull()
      .references(() => titles.id, { onDelete: "cascade" }),
    started_at: timestamp().notNull(),
    ended_at: timestamp(),
    duration_seconds: double().notNull().default(0),
  },
  (t) => [
    index("video_title_spans_video").on(t.video_id, t.started_at),
    uniqueIndex("video_title_spans_one_open").on(t.video_id, t.title_id).where(sql`${t.ended_at} is null`),
  ],
);

export const videoCategorySpans = table(
  "video_category_spans",
  {
    id: serial(),
    video_id: bigint()
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    category_id: text()
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    started_at: timestamp().notNull(),
    ended_at: timestamp(),
    duration_seconds: double().notNull().default(0),
  },
  (t) => [
    index("video_category_spans_video").on(t.video_id, t.started_at),
    uniqueIndex("video_category_spans_one_open")
      .on(t.video_id, t.category_id)
      .where(sql`${t.ended_at} is null`),
  ],
);

/** The timeline: one row per title or category change, placed in the recorded media when known. */
export const videoMetadataChanges = table(
  "video_metadata_changes",
  {
    id: serial(),
    video_id: bigint()
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    occurred_at: timestamp().notNull(),
    title_id: bigint().references(() => titles.id, { onDelete: "set null" }),
    category_id: text().references(() => categories.id, { onDelete: "set null" }),
    media_offset_seconds: double(),
  },
  (t) => [
    index("video_metadata_changes_video").on(t.video_id, t.occurred_at),
    check("video_metadata_changes_something", sql`${t.title_id} is not null or ${t.category_id} is not null`),
  ],
);

/**
 * Skipped ads and lost stretches of a recording, in the order the recorder met them: the recorder's
 * checkpoint (jobs.resume_state) holds them too, but this copy is the one the library reads and keeps.
 */
export const videoGapMarkers = table(
  "video_gap_markers",
  {
    id: serial(),
    video_id: bigint()
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    kind: enumText(GAP_KINDS).notNull(),
    media_offset_seconds: double().notNull(),
    duration_seconds: double().notNull(),
    reason: text(),
  },
  (t) => [
    index("video_gap_markers_video").on(t.video_id, t.media_offset_seconds),
    check("video_gap_markers_kind", oneOf(t.kind, GAP_KINDS)),
  ],
);

/** The single-file playback artifact of a multi-part video. */
export const videoPlaybackAssets = table(
  "video_playback_assets",
  {
    video_id: bigint()
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    status: enumText(PLAYBACK_STATUSES).notNull(),
    filename: text(),
    mime_type: text(),
    duration_seconds: double(),
    size_bytes: bigint(),
    error: text(),
    /** While building: the share of the recording joined so far (0–1); null while it waits to start. */
    progress: double(),
    generated_at: timestamp(),
    last_accessed_at: timestamp(),
    created_at: timestamp().notNull(),
    updated_at: timestamp().notNull(),
  },
  (t) => [
    // A table-level key: an INTEGER PRIMARY KEY column would be optional on insert in SQLite's types only.
    primaryKey({ columns: [t.video_id] }),
    uniqueIndex("video_playback_assets_filename").on(t.filename),
    index("video_playback_assets_lru")
      .on(t.last_accessed_at, t.generated_at, t.video_id)
      .where(sql`${t.status} = 'ready'`),
    check("video_playback_assets_status", oneOf(t.status, PLAYBACK_STATUSES)),
    check(
      "video_playback_assets_ready_complete",
      sql`${t.status} <> 'ready' or (${t.filename} is not null and ${t.mime_type} is not null and ${t.size_bytes} is not null and ${t.generated_at} is not null)`,
    ),
  ],
);

export const videoUserStates = table(
  "video_user_states",
  {
    user_id: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    video_id: bigint()
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    watch_later: bool().notNull().default(false),
    last_position_seconds: double().notNull().default(0),
    /** The client's clock of the last accepted progress report (out-of-order reports lose). */
    last_progress_at_ms: bigint(),
    watched_at: timestamp(),
    completed_at: timestamp(),
    updated_at: timestamp().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.user_id, t.video_id] }),
    index("video_user_states_video").on(t.video_id),
    index("video_user_states_history").on(t.user_id, t.last_progress_at_ms),
  ],
);

export const videoRequests = table(
  "video_requests",
  {
    video_id: bigint()
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    user_id: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    requested_at: timestamp().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.video_id, t.user_id] }),
    index("video_requests_user").on(t.user_id, t.requested_at),
  ],
);
