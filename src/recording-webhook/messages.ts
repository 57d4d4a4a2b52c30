import { randomBytes } from "node:crypto";
import type { AttemptResult, DeliveryEvent } from "../domain/webhooks.ts";

import { signMessage } from "../twitch/eventsub-signature.ts";

/** A fresh id for a test message (tests are not deduplicated). */
export function randomMessageId(): string {
  return randomBytes(16).toString("hex");
}

/** The protocol version (the body's `version`), not the release: receivers may switch on it. */
export const USER_AGENT = "Replayd-Webhook/1";

/** The headers of one signed message; the signature covers id, timestamp and the exact body bytes. */
export function signedHeaders(
  secret: string,
  messageId: string,
  event: DeliveryEvent,
  body: string,
  now: Date = new Date(),
): Record<string, string> {
  const timestamp = now.toISOString();
  return {
    "Content-Type": "application/json",
    "User-Agent": USER_AGENT,
    "Replayd-Webhook-Id": messageId,
    "Replayd-Webhook-Timestamp": timestamp,
    "Replayd-Webhook-Event": event,
    "Replayd-Webhook-Signature": signMessage(secret, messageId, timestamp, body),
  };
}

/** How hard a terminal delivery is tried: attempts in all, and the backoff between them. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 5 * 60_000 };

/** What a send came back with: an HTTP status, or no answer at all (refused, reset, timed out). */
export type SendResult =
  | { status: number; location?: string | null }
  /** `cause`: what the network said (refused, unknown host, timed out), for the server log only. */
  | { status: null; error: string; cause?: string };

/**
 * The outcome of attempt number `attempt` (1-based): 2xx delivered; 429, 5xx and no answer are retried with
 * doubling delays until the attempts run out (then failed); any other answer is final. A redirect is final
 * too: following it would post the signed body somewhere the owner never approved.
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
  const transient = status === null || status === 429 || status >= 500;
  const error = status === null ? (result as { error: string }).error : `HTTP ${status}`;
  if (!transient) return { outcome: "rejected", status, error };
  if (attempt >= policy.maxAttempts) {
    return { outcome: "failed", status, error: `${error} (gave up after ${attempt} attempts)` };
  }
  const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return { outcome: "retry", status, error, next_attempt_at: new Date(now + delay).toISOString() };
}
