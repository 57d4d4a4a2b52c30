import type { AttemptResult } from "../domain/webhooks.ts";
import { retryAfterMs, type SendResult } from "./post.ts";

/** How hard a delivery is tried: attempts in all, and the backoff between them. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 5 * 60_000 };

/** Tried once: a transient failure is reported, not retried (test sends). */
export const SINGLE_ATTEMPT: RetryPolicy = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

/**
 * The outcome of attempt number `attempt` (1-based) of an outbox delivery: 2xx delivered; 408, 429, 5xx
 * and no answer are retried with doubling delays (or after the receiver's Retry-After, capped like the
 * backoff) until the attempts run out (then failed); any other answer is final. A redirect is final too:
 * following it would post the body somewhere the owner never approved.
 */
export function attemptOutcome(
  result: SendResult,
  attempt: number,
  policy: RetryPolicy,
  now: number,
): AttemptResult {
  const { status } = result;
  if (status !== null && status >= 200 && status < 300) return { outcome: "delivered", status };
  if (status !== null && status >= 300 && status < 400) {
    const to = "location" in result && result.location ? ` to ${result.location}` : "";
    return { outcome: "rejected", status, error: `redirect${to} not followed (HTTP ${status})` };
  }
  const transient = status === null || status === 408 || status === 429 || status >= 500;
  const error =
    status === null
      ? (result as { error: string }).error
      : `HTTP ${status}${"detail" in result && result.detail ? `: ${result.detail}` : ""}`;
  if (!transient) return { outcome: "rejected", status, error };
  if (attempt >= policy.maxAttempts) {
    const gaveUp = attempt > 1 ? ` (gave up after ${attempt} attempts)` : "";
    return { outcome: "failed", status, error: `${error}${gaveUp}` };
  }
  const asked = "retryAfter" in result ? retryAfterMs(result.retryAfter, now) : null;
  const backoff = policy.baseDelayMs * 2 ** (attempt - 1);
  const delay = Math.min(policy.maxDelayMs, asked ?? backoff);
  return { outcome: "retry", status, error, next_attempt_at: new Date(now + delay).toISOString() };
}
