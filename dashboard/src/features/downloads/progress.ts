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
