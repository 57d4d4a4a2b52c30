/** What the server reports for a running recording (video.activeDownloads / activeDownloadsLive rows). */
export interface ProgressSample {
  stage: "waiting" | "recording" | "finishing" | "rejoin-wait" | "paused";
  media_offset_seconds: number;
}

/**
 * Seconds recorded, extrapolated between pushes so the clock ticks smoothly: while recording, media grows in
 * real time; in any other stage it stands still. Never runs more than `maxAheadSeconds` past the last push,
 * so a silent server does not make the clock drift far from the truth.
 */
export function extrapolatedSeconds(
  sample: ProgressSample,
  receivedAt: number,
  now: number,
  maxAheadSeconds = 15,
): number {
  if (sample.stage !== "recording") return sample.media_offset_seconds;
  const ahead = Math.min(Math.max(0, (now - receivedAt) / 1000), maxAheadSeconds);
  return sample.media_offset_seconds + ahead;
}

/** Share of segments that were lost (gaps, not ads), for a warning badge. */
export function gapRatio(done: number, gaps: number): number {
  const total = done + gaps;
  return total === 0 ? 0 : gaps / total;
}

/**
 * The recording running for a channel now, if any (a channel records once at a time), so pages offer a link
 * to it instead of "Record now".
 */
export function runningRecordingOf<
  R extends { job_id: string; video: { id: number; broadcaster_id: string } | null },
>(rows: readonly R[] | undefined, broadcasterId: string): { jobId: string; videoId: number } | null {
  const row = rows?.find((r) => r.video?.broadcaster_id === broadcasterId);
  return row?.video ? { jobId: row.job_id, videoId: row.video.id } : null;
}
