import { createHash, randomBytes } from "node:crypto";
import type { ServerSettings } from "../domain/ops.ts";
import type { AttemptResult, DeliveryEvent, NewDelivery } from "../domain/webhooks.ts";
import { signMessage } from "../eventsub/signature.ts";

/**
 * The terminal events a recording can send, and which one a final status maps to. A cancelled recording
 * ends DONE with what it had (`completion_kind: "cancelled"`), so it is completed.
 */
export type TerminalEvent = "recording.completed" | "recording.failed";
export function terminalEvent(status: "DONE" | "FAILED"): TerminalEvent {
  return status === "DONE" ? "recording.completed" : "recording.failed";
}

/**
 * The message id of a recording's terminal event: the same whatever process or retry computes it, so a
 * receiver can deduplicate on it.
 */
export function terminalMessageId(event: TerminalEvent, videoId: number): string {
  return createHash("sha256")
    .update(`recording-webhook/terminal/v1\n${event}\n${videoId}`)
    .digest("hex")
    .slice(0, 32);
}

/** A fresh id for a test message (tests are not deduplicated). */
export function randomMessageId(): string {
  return randomBytes(16).toString("hex");
}

/**
 * The delivery to queue with a recording's terminal status, or null when the webhook is off, incomplete
 * (no URL or secret) or not subscribed to this event (no events selected means all of them).
 */
export function terminalDelivery(
  settings: Pick<
    ServerSettings,
    | "recording_webhook_enabled"
    | "recording_webhook_url"
    | "recording_webhook_secret"
    | "recording_webhook_events"
  >,
  event: TerminalEvent,
  videoId: number,
): NewDelivery | null {
  if (!settings.recording_webhook_enabled) return null;
  if (!settings.recording_webhook_url || !settings.recording_webhook_secret) return null;
  const events = settings.recording_webhook_events;
  if (events.length > 0 && !events.includes(event)) return null;
  return {
    message_id: terminalMessageId(event, videoId),
    dedupe_key: `${event}:${videoId}`,
    event,
    video_id: videoId,
  };
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
export type SendResult = { status: number; location?: string | null } | { status: null; error: string };

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
