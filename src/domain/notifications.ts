/**
 * Notifications: messages to the owner's chat apps (Discord, ntfy, Telegram, Gotify, a JSON webhook) when
 * something they care about happens. Each is raised by an event-log entry (see `NOTIFIED_BY`), rendered
 * from a template and sent through an outbox with retries.
 */

import type { DeliveryStatus } from "./webhooks.ts";

export const NOTIFICATION_TARGET_KINDS = ["discord", "ntfy", "telegram", "gotify", "webhook"] as const;
export type NotificationTargetKind = (typeof NOTIFICATION_TARGET_KINDS)[number];

/** What a target can be told about; the owner picks these per target. */
export const NOTIFICATION_EVENTS = [
  "went_live",
  "recording_started",
  "recording_finished",
  "recording_failed",
  "disk_low",
  "eventsub_broken",
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/**
 * Which event-log entries (`<domain>.<event_type>`) raise which notification. The entry's `data` holds the
 * template's variables (see `TEMPLATE_VARIABLES`).
 */
export const NOTIFIED_BY: Readonly<Record<string, NotificationEvent>> = {
  "live.online": "went_live",
  "recording.started": "recording_started",
  "recording.finished": "recording_finished",
  "recording.failed": "recording_failed",
  "system.disk_low": "disk_low",
  "eventsub.subscription_revoked": "eventsub_broken",
  "eventsub.subscription_failed": "eventsub_broken",
};

/**
 * Variables a template may use as `{name}`; an entry without one renders it empty. `message` is the
 * event log's own sentence; `channel` the display name (else login); `url` the recording's watch page.
 */
export const TEMPLATE_VARIABLES = [
  "event",
  "message",
  "channel",
  "channel_login",
  "title",
  "category",
  "video_id",
  "url",
  "reason",
  "at",
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

export interface NotificationTemplate {
  title: string;
  body: string;
}

export interface NotificationTarget {
  id: number;
  name: string;
  kind: NotificationTargetKind;
  enabled: boolean;
  /** Empty: none. */
  events: NotificationEvent[];
  /** Empty: every channel. */
  broadcaster_ids: string[];
  /** Per event; an event without one uses the default template. */
  templates: Partial<Record<NotificationEvent, NotificationTemplate>>;
  created_at: string;
  updated_at: string;
}

export interface NotificationDelivery {
  id: number;
  target_id: number;
  event: NotificationEvent | "test";
  /** The event-log entry that raised it (null for a test, or once the entry was pruned). */
  event_log_id: number | null;
  /** `<target>:<event log id>`: at most one delivery per target and entry. */
  dedupe_key: string;
  /** The rendered message, kept so retries send what the first attempt sent. */
  title: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: string;
  last_attempt_at: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A target as stored: `config` is the sealed JSON of its settings (see src/notifications/target-config.ts). */
export interface StoredNotificationTarget extends NotificationTarget {
  config: string;
}

export type NewNotificationTarget = Pick<
  StoredNotificationTarget,
  "name" | "kind" | "enabled" | "config" | "events" | "broadcaster_ids" | "templates"
>;

export interface NewNotificationDelivery {
  target_id: number;
  event: NotificationDelivery["event"];
  event_log_id: number | null;
  dedupe_key: string;
  title: string;
  body: string;
  /** The caller sends it right now (a test): stored as its first attempt, in progress. */
  sending_now?: boolean;
}
