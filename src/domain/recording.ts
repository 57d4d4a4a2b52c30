/** What the recorder keeps in the database: jobs, their checkpoints, and the parts they produce. */

import type { CategoryUpsert } from "./channels.ts";
import type { JsonObject } from "./json.ts";
import type { GapMarker } from "./timeline.ts";
import type {
  Codec,
  CompletionKind,
  Quality,
  RecordingType,
  SegmentFormat,
  Video,
  VideoPart,
} from "./videos.ts";
import type { NewDelivery } from "./webhooks.ts";

export const JOB_STATUSES = ["PENDING", "RUNNING", "DONE", "FAILED"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface Job {
  /** A UUID; also `videos.job_id`. */
  id: string;
  video_id: number;
  broadcaster_id: string;
  status: JobStatus;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  /** The recorder's checkpoint (stage, part, frontier, gaps…), opaque to the database. */
  resume_state: JsonObject;
  checkpoint_at: string | null;
  /** Which replayd instance runs the job; null on a single-instance install. */
  instance_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface StartRecording {
  job_id: string;
  filename: string;
  display_name: string;
  title: string;
  quality: Quality;
  recording_type: RecordingType;
  force_h264: boolean;
  broadcaster_id: string;
  stream_id?: string | null;
  viewer_count?: number;
  language: string;
  /** The category at start; it becomes the video's primary category and opens its first span. */
  category?: CategoryUpsert | null;
  /** The stream's tags (Twitch free-text names), linked to the video. */
  tags?: string[];
  trigger_schedule_id?: number | null;
  retention_source_schedule_id?: number | null;
  retention_window_hours?: number | null;
  instance_id?: string | null;
}

export interface Recording {
  video: Video;
  job: Job;
}

/** A job left unfinished by a previous process, with what the recorder needs to pick it up. */
export interface UnfinishedRecording extends Recording {
  broadcaster_login: string;
  parts: VideoPart[];
}

export interface NewPart {
  video_id: number;
  part_index: number;
  filename: string;
  quality: string;
  fps?: number | null;
  codec: Codec;
  segment_format: SegmentFormat;
  start_media_seq: number;
}

export interface PartResult {
  duration_seconds: number;
  size_bytes: number;
  thumbnail?: string | null;
  end_media_seq?: number | null;
}

export interface FinishRecording {
  job_id: string;
  status: "DONE" | "FAILED";
  completion_kind: CompletionKind;
  truncated: boolean;
  error?: string | null;
  /** Replaces the live snapshot as the video's thumbnail; null keeps the current one. */
  thumbnail?: string | null;
  /** The recording webhook to send, enqueued in the same transaction as the status change. */
  webhook?: NewDelivery | null;
  /** The video's final gap markers (replacing those stored); absent keeps what the checkpoints stored. */
  gaps?: readonly GapMarker[] | null;
}
