import { createHash } from "node:crypto";
import type { ServerSettings } from "./ops.ts";
/** The outgoing recording webhook: a durable outbox of deliveries. */

export const DELIVERY_EVENTS = ["recording.completed", "recording.failed", "recording.test"] as const;
export type DeliveryEvent = (typeof DELIVERY_EVENTS)[number];

export const DELIVERY_STATUSES = ["pending", "delivering", "delivered", "rejected", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A part as the first attempt saw it, kept so retries survive the video's deletion. */
export interface FrozenPart {
  part_index: number;
  path: string;
  size_bytes: number;
  duration_seconds: number;
}

export interface Delivery {
  id: number;
  message_id: string;
  /** `<event>:<video id>`: at most one delivery per event and video. */
  dedupe_key: string;
  event: DeliveryEvent;
  video_id: number | null;
  status: DeliveryStatus;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  test: boolean;
  next_attempt_at: string;
  last_attempt_at: string | null;
  delivered_at: string | null;
  frozen_parts: FrozenPart[] | null;
  created_at: string;
  updated_at: string;
}

export interface NewDelivery {
  message_id: string;
  dedupe_key: string;
  event: DeliveryEvent;
  video_id: number | null;
  test?: boolean;
  /** Default: now. */
  next_attempt_at?: string;
  /** The caller sends it right now (a test): stored as its first attempt, in progress. */
  sending_now?: boolean;
}

/** What one attempt ended with. */
export type AttemptResult =
  | { outcome: "delivered"; status: number }
  | { outcome: "rejected"; status: number; error: string }
  | { outcome: "retry"; status: number | null; error: string; next_attempt_at: string }
  | { outcome: "failed"; status: number | null; error: string };

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
