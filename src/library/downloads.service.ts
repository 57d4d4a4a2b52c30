import type { EventBus } from "../bus/bus.ts";
import type { Repository } from "../db/repository.ts";
import type { Quality, RecordingType, VideoView } from "../domain/videos.ts";
import type { LiveService } from "../live/live.service.ts";
import type { RecorderEvents } from "../recorder/events.ts";
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

/** Registers `push` and `end` for a stream of values; returns what unregisters them. */
export type Subscribe<T> = (push: (value: T) => void, end: () => void) => () => void;

export interface DownloadsDeps {
  recorder: Pick<RecorderService, "activeProgress" | "activeJobs" | "cancel" | "maxConcurrent">;
  repo: Pick<Repository, "videos" | "watch">;
  live: Pick<LiveService, "recordNow">;
  bus: Pick<EventBus<RecorderEvents>, "on">;
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

/** Recordings in progress as the API sees them: capacity, the running list, one's progress, start, cancel. */
export class Downloads {
  constructor(private readonly deps: DownloadsDeps) {}

  capacity(): { max_concurrent: number } {
    return { max_concurrent: this.deps.recorder.maxConcurrent };
  }

  /** The running recordings with their latest progress, oldest first. */
  active(): Promise<ActiveDownload[]> {
    return Promise.all(
      this.deps.recorder.activeProgress().map(async (r) => ({
        ...progressView(r.jobId, r.videoId, r.progress),
        video: await this.deps.repo.videos.getById(r.videoId),
      })),
    );
  }

  /** One recording's progress as it comes, ending with it; null when it is not running here. */
  progressFeed(jobId: string): Subscribe<DownloadProgress> | null {
    if (!this.running(jobId)) return null;
    return (push, end) => {
      const { bus } = this.deps;
      const offProgress = bus.on(
        "recording.progress",
        (p) => p.job_id === jobId && push(progressView(p.job_id, p.video_id, p)),
      );
      const offFinished = bus.on("recording.finished", (f) => f.job_id === jobId && end());
      // It may have finished between the check and these listeners.
      if (!this.running(jobId)) end();
      return () => {
        offProgress();
        offFinished();
      };
    };
  }

  /**
   * Records a watched channel now, whatever the schedules say; the recording is listed as `requestedBy`'s
   * request (who asked to record what).
   * @throws NotFoundError (channel not watched, naming the fix), ConflictError (already recording, at capacity)
   */
  async start(
    broadcasterId: string,
    options: { quality: Quality; recording_type: RecordingType; force_h264: boolean },
    requestedBy: string,
  ): Promise<{ job_id: string; video_id: number }> {
    const started = await this.deps.live.recordNow(broadcasterId, {
      quality: options.quality,
      recordingType: options.recording_type,
      forceH264: options.force_h264,
    });
    await this.deps.repo.watch.request(requestedBy, started.videoId);
    return { job_id: started.jobId, video_id: started.videoId };
  }

  /** Stops a recording for good, keeping what it recorded (the video ends DONE, "cancelled"). */
  async cancel(jobId: string): Promise<{ ok: boolean }> {
    return { ok: await this.deps.recorder.cancel(jobId) };
  }

  private running(jobId: string): boolean {
    return this.deps.recorder.activeJobs().some((j) => j.jobId === jobId);
  }
}
