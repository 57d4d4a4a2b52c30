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
};
