import type { VideoTotals } from "../domain/videos.ts";

/**
 * A recording in progress as the library totals count it: what it has recorded so far (finished parts and
 * the open one), and what of that the video row already holds (its finished parts).
 */
export interface RunningRecording {
  bytes: number;
  seconds: number;
  stored_bytes: number | null;
  stored_seconds: number | null;
}

/**
 * Library totals with the recordings in progress counted whole (pure). A video's row holds only its
 * finished parts, so a recording's open part (all of it, before its first part ends) would be missing
 * from the storage used and the time recorded while it is on disk and growing.
 */
export function withRunning<T extends Pick<VideoTotals, "total_size" | "total_duration_seconds">>(
  totals: T,
  running: readonly RunningRecording[],
): T {
  let size = totals.total_size;
  let seconds = totals.total_duration_seconds;
  for (const r of running) {
    size += Math.max(0, r.bytes - (r.stored_bytes ?? 0));
    seconds += Math.max(0, r.seconds - (r.stored_seconds ?? 0));
  }
  return { ...totals, total_size: size, total_duration_seconds: seconds };
}
