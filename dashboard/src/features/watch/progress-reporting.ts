// When the player tells the server how far the viewer got: at most every 15 s of wall time unless the
// position jumped 15 s or more (a seek), and always on pause and at the end.

export const REPORT_INTERVAL_MS = 15_000;
export const REPORT_JUMP_SECONDS = 15;

export interface LastReport {
  position: number;
  at: number;
}

export function shouldReport(
  last: LastReport | null,
  position: number,
  now: number,
  force: boolean,
): boolean {
  if (force || last === null) return true;
  return now - last.at >= REPORT_INTERVAL_MS || Math.abs(position - last.position) >= REPORT_JUMP_SECONDS;
}

/** `observed_at_ms` must grow strictly, even when two reports share a millisecond. */
export function nextObservedAt(previous: number, now: number): number {
  return Math.max(now, previous + 1);
}
