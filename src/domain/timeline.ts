/** A video's title and category history: spans with durations, and the ordered change events. */

import type { CategoryRef } from "./videos.ts";

export interface TitleSpan {
  id: number;
  video_id: number;
  title_id: number;
  name: string;
  started_at: string;
  ended_at: string | null;
  duration_seconds: number;
}

export interface CategorySpan {
  id: number;
  video_id: number;
  category_id: string;
  name: string;
  box_art_url: string | null;
  started_at: string;
  ended_at: string | null;
  duration_seconds: number;
}

export interface MetadataChange {
  id: number;
  occurred_at: string;
  /** Seconds into the recorded media, when the recorder knew it. */
  media_offset_seconds: number | null;
  title: { id: number; name: string } | null;
  category: CategoryRef | null;
}

export const GAP_KINDS = ["ad", "gap"] as const;
export type GapKind = (typeof GAP_KINDS)[number];
/** Why the recorder lost a stretch (a gap marker's `reason`). */
export const GAP_REASONS = ["window_rolled", "fetch_failed", "restart", "malformed", "disk_full"] as const;

/**
 * A stretch of the broadcast the video does not hold: an ad break the recorder skipped, or segments it
 * lost (fell behind the live window, a fetch that never succeeded, a restart). The video has no hole
 * there: the content after it follows on at once, so the marker is a point on the video's timeline.
 */
export interface GapMarker {
  kind: GapKind;
  /**
   * Where in the video the skipped stretch sits, in seconds from the start of part 1, the parts laid end to
   * end in order (as the player plays them, and as the single playback file holds them).
   */
  media_offset_seconds: number;
  /** Seconds of broadcast skipped there (not in the video). */
  duration_seconds: number;
  /** For a gap, why (one of GAP_REASONS); null for an ad. */
  reason: string | null;
}
