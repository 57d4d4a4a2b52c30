import { sql } from "drizzle-orm";
import { QUALITIES, RECORDING_TYPES } from "../../../domain/videos.ts";
import { oneOf } from "../constraints.ts";
import { users } from "./auth.ts";
import {
  bigint,
  bool,
  check,
  enumText,
  index,
  int,
  primaryKey,
  serial,
  table,
  text,
  timestamp,
  uniqueIndex,
} from "./core.ts";
import { categories, channels, tags } from "./twitch.ts";

/** Auto-record rules. */

export const downloadSchedules = table(
  "download_schedules",
  {
    id: serial(),
    broadcaster_id: text()
      .notNull()
      .references(() => channels.broadcaster_id, { onDelete: "cascade" }),
    requested_by: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    quality: enumText(QUALITIES).notNull(),
    recording_type: enumText(RECORDING_TYPES).notNull().default("video"),
    force_h264: bool().notNull().default(false),
    has_min_viewers: bool().notNull().default(false),
    min_viewers: int(),
    has_categories: bool().notNull().default(false),
    has_tags: bool().notNull().default(false),
    is_delete_rediff: bool().notNull().default(false),
    /** Hours. */
    time_before_delete: int(),
    is_disabled: bool().notNull().default(false),
    /** Whether its recordings capture the channel's chat (on unless turned off). */
    record_chat: bool().notNull().default(true),
    last_triggered_at: timestamp(),
    trigger_count: int().notNull().default(0),
    created_at: timestamp().notNull(),
    updated_at: timestamp().notNull(),
  },
  (t) => [
    uniqueIndex("download_schedules_channel_user").on(t.broadcaster_id, t.requested_by),
    index("download_schedules_active").on(t.broadcaster_id).where(sql`${t.is_disabled} = false`),
    index("download_schedules_user").on(t.requested_by),
    check("download_schedules_quality", oneOf(t.quality, QUALITIES)),
    check("download_schedules_recording_type", oneOf(t.recording_type, RECORDING_TYPES)),
    check(
      "download_schedules_min_viewers",
      sql`${t.has_min_viewers} = false or (${t.min_viewers} is not null and ${t.min_viewers} >= 0)`,
    ),
    check(
      "download_schedules_delete_after",
      sql`${t.is_delete_rediff} = false or (${t.time_before_delete} is not null and ${t.time_before_delete} > 0)`,
    ),
  ],
);

export const downloadScheduleCategories = table(
  "download_schedule_categories",
  {
    schedule_id: bigint()
      .notNull()
      .references(() => downloadSchedules.id, { onDelete: "cascade" }),
    category_id: text()
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.schedule_id, t.category_id] })],
);

export const downloadScheduleTags = table(
  "download_schedule_tags",
  {
    schedule_id: bigint()
      .notNull()
      .references(() => downloadSchedules.id, { onDelete: "cascade" }),
    tag_id: bigint()
      .notNull()
      .references(() => tags.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.schedule_id, t.tag_id] })],
);
