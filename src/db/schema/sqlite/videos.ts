import { sql } from "drizzle-orm";
import type { JsonObject } from "../../../domain/json.ts";
import { JOB_STATUSES } from "../../../domain/recording.ts";
import {
  CODECS,
  COMPLETION_KINDS,
  DELETION_KINDS,
  QUALITIES,
  RECORDING_TYPES,
  SEGMENT_FORMATS,
  VIDEO_STATUSES,
} from "../../../domain/videos.ts";
import { oneOf, zeroIfNull } from "../constraints.ts";
import {
  bigint,
  bool,
  check,
  double,
  enumText,
  index,
  int,
  json,
  serial,
  table,
  text,
  timestamp,
  uniqueIndex,
} from "./core.ts";
import { downloadSchedules } from "./schedules.ts";
import { categories, channels, streams } from "./twitch.ts";

/** Recordings: videos, their parts, and the jobs that make them. */

export const videos = table(
  "videos",
  {
    id: serial(),
    job_id: text().notNull(),
    filename: text().notNull(),
    display_name: text().notNull(),
    title: text().notNull(),
    status: enumText(VIDEO_STATUSES).notNull().default("PENDING"),
    quality: enumText(QUALITIES).notNull(),
    selected_quality: text(),
    selected_fps: double(),
    recording_type: enumText(RECORDING_TYPES).notNull().default("video"),
    force_h264: bool().notNull().default(false),
    broadcaster_id: text()
      .notNull()
      .references(() => channels.broadcaster_id),
    stream_id: text().references(() => streams.id, { onDelete: "set null" }),
    primary_category_id: text().references(() => categories.id, { onDelete: "set null" }),
    viewer_count: int().notNull().default(0),
    language: text().notNull(),
    duration_seconds: double(),
    size_bytes: bigint(),
    thumbnail: text(),
    error: text(),
    start_download_at: timestamp().notNull(),
    downloaded_at: timestamp(),
    completion_kind: enumText(COMPLETION_KINDS).notNull().default("complete"),
    truncated: bool().notNull().default(false),
    trigger_schedule_id: bigint().references(() => downloadSchedules.id, { onDelete: "set null" }),
    retention_source_schedule_id: bigint().references(() => downloadSchedules.id, { onDelete: "set null" }),
    retention_window_hours: int(),
    /** When retention deletes it: the end of recording plus the window (computed when it ends). */
    retention_due_at: timestamp(),
    deleted_at: timestamp(),
    deletion_kind: enumText(DELETION_KINDS),
    delete_requested_at: timestamp(),
    updated_at: timestamp().notNull(),
  },
  (t) => [
    uniqueIndex("videos_job").on(t.job_id),
    uniqueIndex("videos_filename").on(t.filename),
    // Keyset orders of the library list: (sort value, start_download_at, id). No index on status alone: a
    // planner would pick it for `status = 'DONE'` (nearly every row) and sort the whole library.
    index("videos_by_start").on(t.start_download_at, t.id),
    index("videos_by_duration").on(zeroIfNull(t.duration_seconds), t.start_download_at, t.id),
    index("videos_by_size").on(zeroIfNull(t.size_bytes), t.start_download_at, t.id),
    // "Recently finished" (Downloads): the latest recordings to end first.
    index("videos_by_downloaded").on(t.downloaded_at, t.start_download_at, t.id),
    index("videos_channel_by_start").on(t.broadcaster_id, t.start_download_at, t.id),
    index("videos_category").on(t.primary_category_id),
    index("videos_stream").on(t.stream_id),
    index("videos_retention_due")
      .on(t.retention_due_at)
      .where(
        sql`${t.retention_due_at} is not null and ${t.deleted_at} is null and ${t.delete_requested_at} is null`,
      ),
    index("videos_delete_requested")
      .on(t.delete_requested_at)
      .where(sql`${t.delete_requested_at} is not null and ${t.deleted_at} is null`),
    check("videos_status", oneOf(t.status, VIDEO_STATUSES)),
    check("videos_quality", oneOf(t.quality, QUALITIES)),
    check("videos_recording_type", oneOf(t.recording_type, RECORDING_TYPES)),
    check("videos_completion_kind", oneOf(t.completion_kind, COMPLETION_KINDS)),
    check(
      "videos_deletion_kind",
      sql`${t.deletion_kind} is null or ${oneOf(t.deletion_kind, DELETION_KINDS)}`,
    ),
    check("videos_retention_window", sql`${t.retention_window_hours} between 1 and 2562047`),
  ],
);

export const videoParts = table(
  "video_parts",
  {
    id: serial(),
    video_id: bigint()
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    /** 1-based. */
    part_index: int().notNull(),
    filename: text().notNull(),
    quality: text().notNull(),
    fps: double(),
    codec: enumText(CODECS).notNull(),
    segment_format: enumText(SEGMENT_FORMATS).notNull(),
    duration_seconds: double().notNull().default(0),
    size_bytes: bigint().notNull().default(0),
    thumbnail: text(),
    start_media_seq: bigint().notNull(),
    end_media_seq: bigint(),
    finalized_at: timestamp(),
    created_at: timestamp().notNull(),
    updated_at: timestamp().notNull(),
  },
  (t) => [
    uniqueIndex("video_parts_index").on(t.video_id, t.part_index),
    uniqueIndex("video_parts_filename").on(t.filename),
    check("video_parts_part_index", sql`${t.part_index} >= 1`),
    check("video_parts_codec", oneOf(t.codec, CODECS)),
    check("video_parts_segment_format", oneOf(t.segment_format, SEGMENT_FORMATS)),
  ],
);

export const jobs = table(
  "jobs",
  {
    /** A UUID, also `videos.job_id`. */
    id: text().primaryKey(),
    video_id: bigint()
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    broadcaster_id: text()
      .notNull()
      .references(() => channels.broadcaster_id),
    status: enumText(JOB_STATUSES).notNull().default("PENDING"),
    started_at: timestamp(),
    finished_at: timestamp(),
    error: text(),
    /** The recorder's checkpoint; a crash resumes from it. */
    resume_state: json<JsonObject>().notNull().default({}),
    checkpoint_at: timestamp(),
    /** The replayd instance running the job (several instances on one Postgres); null on one instance. */
    instance_id: text(),
    created_at: timestamp().notNull(),
    updated_at: timestamp().notNull(),
  },
  (t) => [
    uniqueIndex("jobs_video").on(t.video_id),
    // At most one open recording per channel, whatever process or instance starts it.
    uniqueIndex("jobs_one_open_per_channel")
      .on(t.broadcaster_id)
      .where(oneOf(t.status, ["PENDING", "RUNNING"])),
    check("jobs_status", oneOf(t.status, JOB_STATUSES)),
  ],
);
