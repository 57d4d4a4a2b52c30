/** The mirror of our EventSub subscriptions on Twitch, quota snapshots, and received webhooks. */

import type { JsonObject } from "./json.ts";

/**
 * The statuses Twitch gives a webhook subscription (its reference lists them). The mirror stores whatever
 * Twitch says; these are the ones the dashboard names in words.
 */
export const SUBSCRIPTION_STATUSES = [
  "enabled",
  "webhook_callback_verification_pending",
  "webhook_callback_verification_failed",
  "notification_failures_exceeded",
  "authorization_revoked",
  "moderator_removed",
  "user_removed",
  "chat_user_banned",
  "version_removed",
  "beta_maintenance",
] as const;

export interface Subscription {
  /** Twitch's subscription id. */
  id: string;
  /** One of SUBSCRIPTION_STATUSES, or a newer one of Twitch's. */
  status: string;
  type: string;
  version: string;
  cost: number;
  condition: Record<string, string>;
  broadcaster_id: string | null;
  transport_method: string;
  transport_callback: string | null;
  twitch_created_at: string;
  created_at: string;
  updated_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
}

export type SubscriptionMirror = Omit<
  Subscription,
  "created_at" | "updated_at" | "revoked_at" | "revoked_reason" | "broadcaster_id"
> & { broadcaster_id?: string | null };

export interface QuotaSnapshot {
  id: number;
  total: number;
  total_cost: number;
  max_total_cost: number;
  fetched_at: string;
}

export interface NewQuotaSnapshot {
  total: number;
  total_cost: number;
  max_total_cost: number;
  fetched_at: string;
  subscriptions: { id: string; cost: number; status: string }[];
}

export const WEBHOOK_MESSAGE_TYPES = ["notification", "webhook_callback_verification", "revocation"] as const;
export type WebhookMessageType = (typeof WEBHOOK_MESSAGE_TYPES)[number];

export const WEBHOOK_EVENT_STATUSES = ["received", "processed", "failed"] as const;
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];

export interface WebhookEvent {
  id: number;
  /** Twitch-Eventsub-Message-Id: the same message delivered twice has the same id. */
  event_id: string;
  message_type: WebhookMessageType;
  event_type: string | null;
  subscription_id: string | null;
  broadcaster_id: string | null;
  message_timestamp: string;
  payload: JsonObject | null;
  status: WebhookEventStatus;
  error: string | null;
  received_at: string;
  processed_at: string | null;
}

export interface NewWebhookEvent {
  event_id: string;
  message_type: WebhookMessageType;
  event_type?: string | null;
  subscription_id?: string | null;
  broadcaster_id?: string | null;
  message_timestamp: string;
  payload?: JsonObject | null;
}

/** A verified EventSub notification, as the receiver hands it to what acts on it (live detection). */
export interface EventSubNotification {
  type: string;
  version: string;
  event: Record<string, unknown>;
  subscriptionId: string;
}
