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
