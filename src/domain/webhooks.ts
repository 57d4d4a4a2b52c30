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
