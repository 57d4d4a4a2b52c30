import type { SegmentFailure } from "./segment-fetcher.ts";

/** How one segment's fetch ended (retries included): its bytes, or why not. */
export type SegmentFetchOutcome = "ok" | SegmentFailure;

/**
 * Timings the recorder reports for GET /metrics (src/metrics implements it); nothing is reported unless the
 * composition root gives one. Calls are synchronous and cheap: they run in the recording's hot path.
 */
export interface RecorderMetrics {
  /** One content segment fetched (or given up on), retries included: how long it took and how it ended. */
  segmentFetched(ms: number, outcome: SegmentFetchOutcome): void;
  /** One media playlist reload answered: how long after it was due (the timer's lateness plus the request). */
  playlistReloaded(lagMs: number): void;
}

export const noRecorderMetrics: RecorderMetrics = {
  segmentFetched() {},
  playlistReloaded() {},
};
