/** Recordings as the library shows them: videos, their parts, playback artifacts and watch state. */

import type { Direction, SortOrder } from "./pagination.ts";

export const VIDEO_STATUSES = ["PENDING", "RUNNING", "DONE", "FAILED"] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];
export const TERMINAL_STATUSES = ["DONE", "FAILED"] as const satisfies readonly VideoStatus[];
export const OPEN_STATUSES = ["PENDING", "RUNNING"] as const satisfies readonly VideoStatus[];

export const COMPLETION_KINDS = ["complete", "partial", "cancelled"] as const;
export type CompletionKind = (typeof COMPLETION_KINDS)[number];

export const DELETION_KINDS = ["retention", "manual"] as const;
export type DeletionKind = (typeof DELETION_KINDS)[number];

/** The quality asked for; the recorder picks the closest rendition (product.md). */
export const QUALITIES = ["source", "1080p", "720p", "480p", "360p", "audio_only"] as const;
export type Quality = (typeof QUALITIES)[number];

export const RECORDING_TYPES = ["video", "audio"] as const;
export type RecordingType = (typeof RECORDING_TYPES)[number];

export const CODECS = ["h264", "h265", "av1", "aac"] as const;
export type Codec = (typeof CODECS)[number];

export const SEGMENT_FORMATS = ["ts", "fmp4"] as const;
export type SegmentFormat = (typeof SEGMENT_FORMATS)[number];

export const PLAYBACK_STATUSES = ["building", "ready", "failed", "unavailable"] as const;
export type PlaybackStatus = (typeof PLAYBACK_STATUSES)[number];

/** A row of `videos`: one recording of one stream. */
export interface Video {
  id: number;
  job_id: string;
  /** Base name of every file of the recording, without extension. */
  filename: string;
  display_name: string;
  title: string;
  status: VideoStatus;
  /** The quality asked for. */
  quality: Quality;
  /** The rendition recorded, e.g. `1080p`; null until chosen. */
  selected_quality: string | null;
  selected_fps: number | null;
  recording_type: RecordingType;
  force_h264: boolean;
  broadcaster_id: string;
  stream_id: string | null;
  primary_category_id: string | null;
  viewer_count: number;
  language: string;
  duration_seconds: number | null;
  size_bytes: number | null;
  thumbnail: string | null;
  error: string | null;
  start_download_at: string;
  downloaded_at: string | null;
  completion_kind: CompletionKind;
  truncated: boolean;
  trigger_schedule_id: number | null;
  retention_source_schedule_id: number | null;
  retention_window_hours: number | null;
  /** When retention deletes it (end of recording + window); null: kept until deleted by hand. */
  retention_due_at: string | null;
  deleted_at: string | null;
  deletion_kind: DeletionKind | null;
  delete_requested_at: string | null;
  updated_at: string;
}

export interface CategoryRef {
  id: string;
  name: string;
  box_art_url: string | null;
}

export interface VideoUserState {
  watch_later: boolean;
  last_position_seconds: number;
  /** The client's clock when it reported the position; older reports lose. */
  last_progress_at_ms: number | null;
  watched_at: string | null;
  completed_at: string | null;
  updated_at: string;
}

/** A video as a list shows it: the row plus its channel, primary category and the viewer's state. */
export interface VideoView extends Video {
  is_audio_only: boolean;
  broadcaster_login: string;
  broadcaster_name: string;
  profile_image_url: string | null;
  primary_category: CategoryRef | null;
  user_state: VideoUserState | null;
}

export interface VideoPart {
  id: number;
  video_id: number;
  /** 1-based. */
  part_index: number;
  /** Storage file name, with extension. */
  filename: string;
  quality: string;
  fps: number | null;
  codec: Codec;
  segment_format: SegmentFormat;
  duration_seconds: number;
  size_bytes: number;
  thumbnail: string | null;
  start_media_seq: number;
  end_media_seq: number | null;
  /** Set once the part's file is stored and its duration and size are final. */
  finalized_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface PlaybackAsset {
  video_id: number;
  status: PlaybackStatus;
  filename: string | null;
  mime_type: string | null;
  duration_seconds: number | null;
  size_bytes: number | null;
  error: string | null;
  /** While building: the share joined so far (0–1); null while waiting to start, and once done. */
  progress: number | null;
  generated_at: string | null;
  last_accessed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A video with everything the player page needs. */
export interface VideoDetail extends VideoView {
  parts: VideoPart[];
  playback_artifact: PlaybackAsset | null;
}

/** `downloaded_at`: when the recording ended (finished, failed or cancelled); unfinished ones are left out. */
export const VIDEO_SORTS = [
  "created_at",
  "duration",
  "size",
  "channel",
  "history_when",
  "downloaded_at",
] as const;
export type VideoSort = (typeof VIDEO_SORTS)[number];

export const DURATION_BUCKETS = ["short", "medium", "long", "marathon"] as const;
export type DurationBucket = (typeof DURATION_BUCKETS)[number];

export const SIZE_BUCKETS = ["small", "medium", "large"] as const;
export type SizeBucket = (typeof SIZE_BUCKETS)[number];

export const VIDEO_SCOPES = ["active", "removed", "all"] as const;
export type VideoScope = (typeof VIDEO_SCOPES)[number];

/**
 * Where a keyset page continues: the sort value of the last item (absent for `created_at`, whose value is
 * `start_download_at`), then `start_download_at` and `id` as tie-breakers.
 */
export interface VideoCursor {
  sort_value?: string | number | null;
  start_download_at: string;
  id: number;
}

export interface VideoFilters {
  status?: VideoStatus;
  /** The recorded rendition, e.g. `1080p` or `audio_only`. */
  quality?: string;
  broadcaster_id?: string;
  category_id?: string;
  language?: string;
  duration?: DurationBucket;
  size?: SizeBucket;
  /** Recorded in the last 7 days. */
  window?: "this_week";
  /** Partial or truncated recordings. */
  incomplete_only?: boolean;
  /** The viewer's watch-later list. */
  watch_later_only?: boolean;
  /** Videos the viewer never started. */
  unwatched_only?: boolean;
  /** Finished recordings only (DONE or FAILED). */
  terminal_only?: boolean;
  /** How it ended: `cancelled` finds recordings stopped by hand, `partial` those missing a stretch. */
  completion_kind?: CompletionKind;
  /** Started recording at or after this instant (ISO-8601). */
  recorded_from?: string;
  /** Started recording before this instant (ISO-8601). */
  recorded_to?: string;
  /** `active` (default): not removed; `removed`: tombstoned; `all`. */
  scope?: VideoScope;
}

export interface VideoListQuery extends VideoFilters {
  /** Whose watch state to join and filter on. */
  viewer_id: string | null;
  limit: number;
  sort?: VideoSort;
  order?: SortOrder;
  cursor?: VideoCursor | null;
  direction?: Direction;
}

export interface VideoOffsetQuery {
  viewer_id: string | null;
  limit: number;
  offset: number;
  status?: VideoStatus;
  sort?: VideoSort;
  order?: SortOrder;
}

export interface VideoStatistics {
  total: number;
  total_size: number;
  total_duration_seconds: number;
  by_status: { status: VideoStatus; count: number }[];
  this_week: number;
  incomplete: number;
  /** Stopped by hand before the stream ended (not removed). */
  cancelled: number;
  channels: number;
  removed: number;
  watch_later: number;
  unwatched: number;
}

export interface VideoTotals {
  total: number;
  total_size: number;
  total_duration_seconds: number;
}

export interface VideoSearchHit {
  video: VideoView;
  /** Why it matched, best first: title, channel, category. */
  matched: "title" | "channel" | "category";
}

export interface WatchProgress {
  position_seconds: number;
  completed: boolean;
  /** The client's clock (ms) when it observed the position. */
  observed_at_ms: number;
}

export interface VideoRequest {
  video_id: number;
  filename: string;
  display_name: string;
  status: VideoStatus;
  requested_at: string;
}

/** Someone's request of a recording (asking for it, or starting it with Record now), with its outcome. */
export interface VideoRequestEntry {
  video_id: number;
  title: string;
  display_name: string;
  broadcaster_id: string;
  broadcaster_name: string;
  status: VideoStatus;
  completion_kind: CompletionKind;
  duration_seconds: number | null;
  /** Set when the recording has since been removed. */
  deleted_at: string | null;
  requested_at: string;
  requested_by: { id: string; login: string; display_name: string };
}
