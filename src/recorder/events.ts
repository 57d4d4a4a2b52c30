import type { PartNote, RecordingProgress, SegmentPlacement } from "./journal.ts";

/** What the recorder announces on the bus (the API's SSE subscriptions forward it to the dashboard). */
export interface RecorderEvents extends Record<string, unknown> {
  "recording.started": {
    job_id: string;
    video_id: number;
    broadcaster_id: string;
    login: string;
    display_name: string;
    title: string;
    /** The quality asked for. */
    quality: string;
    /** The schedule that started it; null when someone asked for it by hand. */
    schedule_id: number | null;
    /** Picked up again after a restart. */
    resumed: boolean;
  };
  /** A part opened or closed, and why. */
  "recording.part": PartNote & { job_id: string; video_id: number; broadcaster_id: string };
  "recording.progress": RecordingProgress & { job_id: string; video_id: number };
  /** Each segment recorded or skipped, where it went on the video's timeline. */
  "recording.placed": SegmentPlacement & { job_id: string; video_id: number };
  "recording.finished": {
    job_id: string;
    outcome: "finished" | "failed" | "cancelled";
    /** Null only if the job was not running in this process. */
    broadcaster_id: string | null;
    video_id: number;
    /** Why it failed (null otherwise). */
    error: string | null;
    /** A finished recording that lost part of the broadcast (Twitch's window rolled past it). */
    partial: boolean;
  };
}
