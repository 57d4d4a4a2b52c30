/**
 * Reconnect delays: 1 s, doubling per failed session up to 60 s; a session that stayed up long enough
 * (healthy) starts the sequence over, so one blip after hours of service waits 1 s, not 60.
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** A session that lasted at least this long was healthy. */
  healthyMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 60_000, healthyMs: 30_000 };

export class Backoff {
  private failures = 0;

  constructor(private readonly policy: BackoffPolicy = DEFAULT_BACKOFF) {}

  /** Records how a session ended and returns how long to wait before the next attempt. */
  next(sessionMs: number): number {
    if (sessionMs >= this.policy.healthyMs) this.failures = 0;
    const delay = Math.min(this.policy.maxMs, this.policy.initialMs * 2 ** this.failures);
    this.failures = Math.min(this.failures + 1, 30);
    return delay;
  }
}
