// How long a video is, the one way every page reads it: a finished video by its stored duration; a video
// still recording by what its recording has recorded so far (finished parts and the open one), ticking
// between the server's reports. The video's own row counts finished parts only, so reading it for a
// running video shows a part less than the downloads list does.

/** What the server reports for a running recording (video.activeDownloads / activeDownloadsLive rows). */
export interface ProgressSample {
  stage: "waiting" | "recording" | "finishing" | "rejoin-wait" | "paused";
  media_offset_seconds: number;
}

/**
 * Seconds recorded, extrapolated between reports so the clock ticks smoothly: while recording, media grows
 * in real time; in any other stage it stands still. Never runs more than `maxAheadSeconds` past the last
 * report, so a silent server does not make the clock drift far from the truth.
 */
export function recordedSeconds(
  sample: ProgressSample,
  receivedAt: number,
  now: number,
  maxAheadSeconds = 15,
): number {
  if (sample.stage !== "recording") return sample.media_offset_seconds;
  const ahead = Math.min(Math.max(0, (now - receivedAt) / 1000), maxAheadSeconds);
  return sample.media_offset_seconds + ahead;
}

/** A running recording's latest report and when it arrived (ms). */
export interface RunningSample {
  sample: ProgressSample;
  receivedAt: number;
}

/**
 * A video's duration in seconds (null: not known yet): its recording's progress while it runs, else the
 * stored duration of its parts.
 */
export function videoSeconds(
  video: { status: string; duration_seconds: number | null },
  running: RunningSample | null,
  now: number,
): number | null {
  if (video.status === "RUNNING" && running) {
    return Math.max(video.duration_seconds ?? 0, recordedSeconds(running.sample, running.receivedAt, now));
  }
  return video.duration_seconds;
}
