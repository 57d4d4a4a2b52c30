import type { Schedule } from "../../src/domain/schedules.ts";

/** An auto-record schedule with every filter off: add `broadcaster_id` and `requested_by`, override the rest. */
export const RECORD_EVERYTHING = {
  quality: "source" as const,
  recording_type: "video" as const,
  force_h264: false,
  has_min_viewers: false,
  min_viewers: null,
  has_categories: false,
  category_ids: [],
  has_tags: false,
  tag_ids: [],
  is_delete_rediff: false,
  time_before_delete: null,
  is_disabled: false,
  record_chat: true,
};

/** A saved schedule as the repository returns it (id 7, admin 200's, for channel 123), for unit tests. */
export function savedSchedule(over: Partial<Schedule> = {}): Schedule {
  return {
    id: 7,
    broadcaster_id: "123",
    requested_by: "200",
    quality: "source",
    recording_type: "video",
    force_h264: false,
    has_min_viewers: false,
    min_viewers: null,
    has_categories: false,
    has_tags: false,
    is_delete_rediff: false,
    time_before_delete: null,
    is_disabled: false,
    record_chat: true,
    last_triggered_at: null,
    trigger_count: 0,
    created_at: "2025-01-01T00:00:00.000Z",
    updated_at: "2025-01-01T00:00:00.000Z",
    categories: [],
    tags: [],
    ...over,
  };
}
