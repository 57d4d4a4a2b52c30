/**
 * Which schedules a live stream satisfies, which one decides how it is recorded, and how long the
 * recording is kept: pure functions over the schedules and the stream as Helix describes it.
 */

export type ScheduleQuality = "source" | "1080p" | "720p" | "480p" | "360p" | "audio_only";

/** The parts of a schedule its rules read (the stored schedule has more). */
export interface ScheduleRule {
  id: number;
  quality: ScheduleQuality;
  recording_type: "video" | "audio";
  force_h264: boolean;
  has_min_viewers: boolean;
  min_viewers: number | null;
  has_categories: boolean;
  categories: { id: string }[];
  has_tags: boolean;
  tags: { name: string }[];
  is_delete_rediff: boolean;
  time_before_delete: number | null;
  is_disabled: boolean;
}

export interface LiveStream {
  viewer_count: number;
  /** Empty when Twitch gives none. */
  category_id: string;
  tags: string[];
}

/** Every enabled filter must pass; a disabled schedule never matches. */
export function matches(schedule: ScheduleRule, stream: LiveStream): boolean {
  if (schedule.is_disabled) return false;
  if (schedule.has_min_viewers && stream.viewer_count < (schedule.min_viewers ?? 0)) return false;
  if (schedule.has_categories) {
    if (stream.category_id === "") return false;
    if (!schedule.categories.some((c) => c.id === stream.category_id)) return false;
  }
  if (schedule.has_tags) {
    const wanted = new Set(schedule.tags.map((t) => t.name.toLowerCase()));
    if (!stream.tags.some((tag) => wanted.has(tag.toLowerCase()))) return false;
  }
  return true;
}

const QUALITY_RANK: Record<ScheduleQuality, number> = {
  source: 6,
  "1080p": 5,
  "720p": 4,
  "480p": 3,
  "360p": 2,
  audio_only: 1,
};

/** The schedule whose settings the recording uses: video beats audio, then higher quality, then the oldest. */
export function winner<S extends ScheduleRule>(matching: readonly S[]): S | null {
  return (
    [...matching].sort(
      (a, b) =>
        (a.recording_type === "video" ? 0 : 1) - (b.recording_type === "video" ? 0 : 1) ||
        QUALITY_RANK[b.quality] - QUALITY_RANK[a.quality] ||
        a.id - b.id,
    )[0] ?? null
  );
}

/** How long the recording is kept: the shortest delete window among the matching schedules, or forever. */
export function retention(matching: readonly ScheduleRule[]): { hours: number; scheduleId: number } | null {
  const windows = matching
    .filter((s) => s.is_delete_rediff && s.time_before_delete !== null && s.time_before_delete > 0)
    .sort((a, b) => (a.time_before_delete as number) - (b.time_before_delete as number) || a.id - b.id);
  const first = windows[0];
  return first ? { hours: first.time_before_delete as number, scheduleId: first.id } : null;
}

/** The recorder's quality for a schedule: audio schedules always record the audio rendition. */
export function recordingQuality(schedule: ScheduleRule): ScheduleQuality {
  return schedule.recording_type === "audio" ? "audio_only" : schedule.quality;
}

/**
 * A rule a live stream fails, as a code with its values: the event log stores these (`not_recorded`'s
 * `data.schedules`) so the dashboard can say them in the reader's language; `unmetRuleWords` says each in English.
 */
export type UnmetRule =
  | { rule: "turned_off" }
  | { rule: "min_viewers"; viewers: number; min_viewers: number }
  | { rule: "no_category" }
  | { rule: "category"; category: string }
  | { rule: "no_tags" }
  | { rule: "tags" };

/** Why a schedule does not match a live stream, one code per rule that fails (empty: it matches). */
export function unmetRuleCodes(schedule: ScheduleRule, stream: LiveStream, categoryName = ""): UnmetRule[] {
  if (schedule.is_disabled) return [{ rule: "turned_off" }];
  const unmet: UnmetRule[] = [];
  if (schedule.has_min_viewers && stream.viewer_count < (schedule.min_viewers ?? 0))
    unmet.push({ rule: "min_viewers", viewers: stream.viewer_count, min_viewers: schedule.min_viewers ?? 0 });
  if (schedule.has_categories) {
    if (stream.category_id === "") unmet.push({ rule: "no_category" });
    else if (!schedule.categories.some((c) => c.id === stream.category_id))
      unmet.push({ rule: "category", category: categoryName || stream.category_id });
  }
  if (schedule.has_tags) {
    const wanted = new Set(schedule.tags.map((t) => t.name.toLowerCase()));
    if (!stream.tags.some((tag) => wanted.has(tag.toLowerCase())))
      unmet.push({ rule: stream.tags.length === 0 ? "no_tags" : "tags" });
  }
  return unmet;
}

/** One unmet rule in English, as the event log's message says it. */
export function unmetRuleWords(unmet: UnmetRule): string {
  switch (unmet.rule) {
    case "turned_off":
      return "schedule turned off";
    case "min_viewers":
      return `viewers ${unmet.viewers} < ${unmet.min_viewers}`;
    case "no_category":
      return "no category set, the schedule wants one from its list";
    case "category":
      return `category ${unmet.category} not in the list`;
    case "no_tags":
      return "no tags, none of the wanted ones";
    case "tags":
      return "none of the wanted tags";
  }
}
