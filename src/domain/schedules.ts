/** Auto-record rules: one per channel and user. */

import type { Quality, RecordingType } from "./videos.ts";

export interface Schedule {
  id: number;
  broadcaster_id: string;
  requested_by: string;
  quality: Quality;
  recording_type: RecordingType;
  force_h264: boolean;
  has_min_viewers: boolean;
  min_viewers: number | null;
  has_categories: boolean;
  has_tags: boolean;
  is_delete_rediff: boolean;
  /** Hours after which recordings it made are deleted, when `is_delete_rediff`. */
  time_before_delete: number | null;
  is_disabled: boolean;
  /** Whether its recordings capture the channel's chat (on by default). */
  record_chat: boolean;
  last_triggered_at: string | null;
  trigger_count: number;
  created_at: string;
  updated_at: string;
  categories: { id: string; name: string }[];
  tags: { id: number; name: string }[];
}

export interface ScheduleInput {
  quality: Quality;
  recording_type: RecordingType;
  force_h264: boolean;
  has_min_viewers: boolean;
  min_viewers: number | null;
  has_categories: boolean;
  category_ids: string[];
  has_tags: boolean;
  tag_ids: number[];
  is_delete_rediff: boolean;
  time_before_delete: number | null;
  is_disabled: boolean;
  record_chat: boolean;
}

export interface NewSchedule extends ScheduleInput {
  broadcaster_id: string;
  requested_by: string;
}
