import type { CodecPolicy } from "../twitch/variant.ts";
import { DEFAULT_GAP_POLICY, type GapPolicy } from "./gap-policy.ts";
import type { RetryBudgets } from "./segment-fetcher.ts";

/** How recordings behave: `[recorder]` in the config, mapped by the composition root. */
export interface RecorderSettings {
  segmentConcurrency: number;
  budgets: RetryBudgets;
  /** A segment request with no answer, or a body with no new bytes, for this long is retried. */
  segmentTimeoutSeconds: number;
  /** A broadcast that comes back within this many seconds continues the same video (a new part). */
  maxRestartGapSeconds: number;
  /** Cut a new part past this size or length (0 = no limit). */
  maxPartBytes: number;
  maxPartSeconds: number;
  /** Fail a recording that makes no progress for this long, rather than hang. */
  stallSeconds: number;
  /** How long a starting recording waits for the stream to appear (Twitch's API runs ahead of the video). */
  startTimeoutSeconds: number;
  /** Spacing of the checks whether an ended broadcast came back. */
  rejoinPollSeconds: number;
  /** Spacing of live snapshots (Twitch's preview image) while recording; 0 turns them off. */
  snapshotIntervalSeconds: number;
  policy: Omit<CodecPolicy, "forceH264">;
  /** How many lost segments a recording may have and still be done (`gap-policy.ts`). */
  gapPolicy: GapPolicy;
}

export const DEFAULT_SETTINGS: RecorderSettings = {
  segmentConcurrency: 4,
  budgets: { network: 5, server: 5, cdnLag: 3 },
  segmentTimeoutSeconds: 10,
  maxRestartGapSeconds: 120,
  maxPartBytes: 0,
  maxPartSeconds: 0,
  stallSeconds: 180,
  startTimeoutSeconds: 90,
  rejoinPollSeconds: 5,
  snapshotIntervalSeconds: 300,
  policy: { enableAv1: false, disableHevc: false },
  gapPolicy: DEFAULT_GAP_POLICY,
};
