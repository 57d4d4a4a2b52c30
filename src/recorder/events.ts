import type { RecordingProgress, SegmentPlacement } from "./journal.ts";

/** What the recorder announces on the bus (the API's SSE subscriptions forward it to the dashboard). */
export interface RecorderEvents extends Record<string, unknown> {
  "recording.started": { job_id: string; video_id: number; broadcaster_id: string };
  "recording.progress": RecordingProgress & { job_id: string; video_id: number };
  /** Each segment recorded or skipped, where it went on the video's timeline. */
  "recording.placed": SegmentPlacement & { job_id: string; video_id: number };
  "recording.finished": {
    job_id: string;
    outcome: "finished" | "failed" | "cancelled";
    /** Null only if the job was not running in this process. */
    broadcaster_id: string | null;
  };
}
