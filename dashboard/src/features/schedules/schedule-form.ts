// The schedule form's rules, the same the server's zod applies to `schedule.create/update` (bounds, and "an
// enabled filter needs a value"), checked in the browser so each field can say what is wrong before sending.

import type { Quality, RecordingType } from "@/lib/recording-options";

/** Server bounds (src/trpc/routers/schedule.router.ts). */
export const LIMITS = { maxMinViewers: 10_000_000, maxHours: 24 * 3650, maxIds: 100 } as const;

/** What the form edits: numbers as typed text, so a half-typed value is not silently turned into 0. */
export interface ScheduleFormValues {
  broadcaster_id: string;
  quality: Quality;
  recording_type: RecordingType;
  force_h264: boolean;
  has_min_viewers: boolean;
  min_viewers: string;
  has_categories: boolean;
  categories: { id: string; name: string }[];
  has_tags: boolean;
  tag_ids: number[];
  is_delete_rediff: boolean;
  time_before_delete: string;
  is_disabled: boolean;
  /** Recordings of this schedule capture the channel's chat. */
  record_chat: boolean;
}

/** The payload `schedule.create` takes (`schedule.update` takes `{id, rule}`). */
export interface ScheduleRule {
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

export type ScheduleFormField =
  | "broadcaster_id"
  | "min_viewers"
  | "category_ids"
  | "tag_ids"
  | "time_before_delete";
/** Error message keys under `schedules.errors` in the locale files. */
export type ScheduleFormError =
  | "channelRequired"
  | "minViewersRequired"
  | "minViewersRange"
  | "categoriesRequired"
  | "tooMany"
  | "tagsRequired"
  | "hoursRequired"
  | "hoursRange";

export type ScheduleValidation =
  | { ok: true; broadcaster_id: string; rule: ScheduleRule }
  | { ok: false; errors: Partial<Record<ScheduleFormField, ScheduleFormError>> };

export function emptyScheduleForm(broadcasterId = ""): ScheduleFormValues {
  return {
    broadcaster_id: broadcasterId,
    quality: "source",
    recording_type: "video",
    force_h264: false,
    has_min_viewers: false,
    min_viewers: "",
    has_categories: false,
    categories: [],
    has_tags: false,
    tag_ids: [],
    is_delete_rediff: false,
    time_before_delete: "",
    is_disabled: false,
    record_chat: true,
  };
}

export interface ExistingSchedule {
  broadcaster_id: string;
  quality: Quality;
  recording_type: RecordingType;
  force_h264: boolean;
  has_min_viewers: boolean;
  min_viewers: number | null;
  has_categories: boolean;
  has_tags: boolean;
  is_delete_rediff: boolean;
  time_before_delete: number | null;
  is_disabled: boolean;
  record_chat: boolean;
  categories: { id: string; name: string }[];
  tags: { id: number; name: string }[];
}

export function formFromSchedule(s: ExistingSchedule): ScheduleFormValues {
  return {
    broadcaster_id: s.broadcaster_id,
    quality: s.quality,
    recording_type: s.recording_type,
    force_h264: s.force_h264,
    has_min_viewers: s.has_min_viewers,
    min_viewers: s.min_viewers === null ? "" : String(s.min_viewers),
    has_categories: s.has_categories,
    categories: s.categories,
    has_tags: s.has_tags,
    tag_ids: s.tags.map((t) => t.id),
    is_delete_rediff: s.is_delete_rediff,
    time_before_delete: s.time_before_delete === null ? "" : String(s.time_before_delete),
    is_disabled: s.is_disabled,
    record_chat: s.record_chat,
  };
}

/** A whole number typed in a field, or null when the text is not one. */
function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,12}$/.test(trimmed) ? Number(trimmed) : null;
}

/**
 * Checks the form and builds the payload. A filter switched off sends no value (null or []), whatever was
 * typed before it was switched off; audio recordings never force H.264.
 */
export function validateScheduleForm(v: ScheduleFormValues): ScheduleValidation {
  const errors: Partial<Record<ScheduleFormField, ScheduleFormError>> = {};
  if (!/^\d{1,20}$/.test(v.broadcaster_id)) errors.broadcaster_id = "channelRequired";

  let minViewers: number | null = null;
  if (v.has_min_viewers) {
    minViewers = wholeNumber(v.min_viewers);
    if (v.min_viewers.trim() === "") errors.min_viewers = "minViewersRequired";
    else if (minViewers === null || minViewers > LIMITS.maxMinViewers) errors.min_viewers = "minViewersRange";
  }

  const categoryIds = v.has_categories ? v.categories.map((c) => c.id) : [];
  if (v.has_categories && categoryIds.length === 0) errors.category_ids = "categoriesRequired";
  else if (categoryIds.length > LIMITS.maxIds) errors.category_ids = "tooMany";

  const tagIds = v.has_tags ? v.tag_ids : [];
  if (v.has_tags && tagIds.length === 0) errors.tag_ids = "tagsRequired";
  else if (tagIds.length > LIMITS.maxIds) errors.tag_ids = "tooMany";

  let hours: number | null = null;
  if (v.is_delete_rediff) {
    hours = wholeNumber(v.time_before_delete);
    if (v.time_before_delete.trim() === "") errors.time_before_delete = "hoursRequired";
    else if (hours === null || hours < 1 || hours > LIMITS.maxHours) errors.time_before_delete = "hoursRange";
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    broadcaster_id: v.broadcaster_id,
    rule: {
      quality: v.quality,
      recording_type: v.recording_type,
      force_h264: v.recording_type === "video" && v.force_h264,
      has_min_viewers: v.has_min_viewers,
      min_viewers: minViewers,
      has_categories: v.has_categories,
      category_ids: categoryIds,
      has_tags: v.has_tags,
      tag_ids: tagIds,
      is_delete_rediff: v.is_delete_rediff,
      time_before_delete: hours,
      is_disabled: v.is_disabled,
      record_chat: v.record_chat,
    },
  };
}
