import type { VideoView } from "../domain/videos.ts";
import type { Services } from "../services.ts";

/** One running recording as the dashboard's downloads list shows it. */
export interface ActiveDownload {
  job_id: string;
  video: VideoView | null;
  stage: "waiting" | "recording" | "finishing" | "rejoin-wait";
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

/** The running recordings with their latest progress, oldest first. */
export async function activeDownloads(
  services: Pick<Services, "recorder" | "repo">,
): Promise<ActiveDownload[]> {
  const running = services.recorder.activeProgress();
  return Promise.all(
    running.map(async (r) => {
      const video = await services.repo.videos.getById(r.videoId);
      const p = r.progress;
      return {
        job_id: r.jobId,
        video,
        stage: p?.stage ?? "waiting",
        bytes_written: p?.bytes ?? 0,
        segments_done: p?.segments ?? 0,
        segments_gaps: p?.gaps ?? 0,
        segments_ad_gaps: p?.adSegments ?? 0,
        media_offset_seconds: p?.mediaSeconds ?? 0,
        speed: p?.bytesPerSecond ?? 0,
        variant: p?.variant ?? null,
      };
    }),
  );
}
