import type { Repository } from "../db/repository.ts";
import type { VideoView } from "../domain/videos.ts";
import type { RecordingProgress } from "../recorder/journal.ts";
import type { RecorderService } from "../recorder/recorder.service.ts";

/** A running recording's progress as the API shows it (snake_case, like every API field). */
export interface DownloadProgress {
  job_id: string;
  video_id: number;
  stage: RecordingProgress["stage"];
  /** Why the recording is paused (stage "paused"), in words for the user; null otherwise. */
  reason: string | null;
  /** Bytes recorded so far (segments taken by the remuxer count before they reach the file). */
  bytes_written: number;
  segments_done: number;
  segments_gaps: number;
  segments_ad_gaps: number;
  /** Seconds of media recorded so far. */
  media_offset_seconds: number;
  /** Bytes per second over the last ten seconds. */
  speed: number;
  variant: string | null;
}

/** One running recording as the dashboard's downloads list shows it. */
export interface ActiveDownload extends DownloadProgress {
  video: VideoView | null;
}

export function progressView(jobId: string, videoId: number, p: RecordingProgress | null): DownloadProgress {
  return {
    job_id: jobId,
    video_id: videoId,
    stage: p?.stage ?? "waiting",
    reason: p?.reason ?? null,
    bytes_written: p?.bytes ?? 0,
    segments_done: p?.segments ?? 0,
    segments_gaps: p?.gaps ?? 0,
    segments_ad_gaps: p?.adSegments ?? 0,
    media_offset_seconds: p?.mediaSeconds ?? 0,
    speed: p?.bytesPerSecond ?? 0,
    variant: p?.variant ?? null,
  };
}

/** The running recordings with their latest progress, oldest first. */
export async function activeDownloads(services: {
  recorder: Pick<RecorderService, "activeProgress">;
  repo: Pick<Repository, "videos">;
}): Promise<ActiveDownload[]> {
  return Promise.all(
    services.recorder.activeProgress().map(async (r) => ({
      ...progressView(r.jobId, r.videoId, r.progress),
      video: await services.repo.videos.getById(r.videoId),
    })),
  );
}
