import { sql } from "drizzle-orm";
import type { JsonObject } from "../../../domain/json.ts";
import {
  NOTIFICATION_EVENTS,
  NOTIFICATION_TARGET_KINDS,
  type NotificationEvent,
  type NotificationTemplate,
} from "../../../domain/notifications.ts";
import { type RecordingWebhookEvent, SERVER_MODES, SEVERITIES, TASK_STATUSES } from "../../../domain/ops.ts";
import { DELIVERY_EVENTS, DELIVERY_STATUSES, type FrozenPart } from "../../../domain/webhooks.ts";
import { oneOf } from "../constraints.ts";
import { users } from "./auth.ts";
import {
  bigint,
  bool,
  check,
  enumText,
  index,
  int,
  json,
  serial,
  table,
  text,
  timestamp,
  uniqueIndex,
} from "./core.ts";
import { videos } from "./videos.ts";

/** Operations: tasks, logs, server settings, the recording-webhook outbox. */

export const tasks = table(
  "tasks",
  {
    name: text().primaryKey(),
    description: text().notNull(),
    interval_seconds: int().notNull(),
    is_enabled: bool().notNull().default(true),
    last_run_at: timestamp(),
    last_duration_ms: int().notNull().default(0),
    last_status: enumText(TASK_STATUSES).notNull().default("pending"),
    last_error: text(),
    /** Null: due now. */
    next_run_at: timestamp(),
    created_at: timestamp().notNull(),
    updated_at: timestamp().notNull(),
  },
  (t) => [
    index("tasks_due").on(t.next_run_at).where(sql`${t.is_enabled} = true`),
    check("tasks_interval", sql`${t.interval_seconds} >= 0`),
    check("tasks_last_status", oneOf(t.last_status, TASK_STATUSES)),
  ],
);

/** Searched by full text: see the `event_logs_search` migrations (FTS5 on SQLite, tsvector on Postgres). */
export const eventLogs = table(
  "event_logs",
  {
    id: serial(),
    domain: text().notNull(),
    event_type: text().notNull(),
    severity: enumText(SEVERITIES).notNull(),
    message: text().notNull(),
    actor_user_id: text().references(() => users.id, { onDelete: "set null" }),
    broadcaster_id: text(),
    data: json<JsonObject>(),
    created_at: timestamp().notNull(),
  },
  (t) => [
    index("event_logs_created").on(t.created_at, t.id),
    index("event_logs_domain").on(t.domain, t.created_at),
    index("event_logs_severity").on(t.severity, t.created_at),
    index("event_logs_broadcaster").on(t.broadcaster_id, t.created_at),
    check("event_logs_severity", oneOf(t.severity, SEVERITIES)),
  ],
);

/** One row per Twitch API call. */
export const fetchLogs = table(
  "fetch_logs",
  {
    id: serial(),
    user_id: text(),
    fetch_type: text().notNull(),
    broadcaster_id: text(),
    status: int().notNull(),
    error: text(),
    duration_ms: int().notNull(),
    fetched_at: timestamp().notNull(),
  },
  (t) => [
    index("fetch_logs_fetched").on(t.fetched_at, t.id),
    index("fetch_logs_type").on(t.fetch_type, t.fetched_at),
  ],
);

/** One row (id = 1) of server-wide settings. */
export const serverSettings = table(
  "server_settings",
  {
    id: int().primaryKey().default(1),
    server_mode: enumText(SERVER_MODES),
    eventsub_webhook_callback_url: text(),
    eventsub_relay_ingest_url: text(),
    eventsub_relay_subscribe_url: text(),
    eventsub_relay_local_callback_url: text(),
    /** Sealed, like the secrets below. */
    eventsub_relay_subscribe_key: text(),
    eventsub_secret: text(),
    recording_webhook_enabled: bool().notNull().default(false),
    recording_webhook_url: text(),
    recording_webhook_secret: text(),
    /** Empty: every event. */
    recording_webhook_events: json<RecordingWebhookEvent[]>().notNull().default([]),
    playback_cache_enabled: bool().notNull().default(false),
    playback_cache_max_percent: int().notNull().default(10),
    playback_cache_auto_generate: bool().notNull().default(false),
    schedules_paused: bool().notNull().default(false),
    created_at: timestamp().notNull(),
    updated_at: timestamp().notNull(),
  },
  (t) => [
    check("server_settings_singleton", sql`${t.id} = 1`),
    check("server_settings_mode", sql`${t.server_mode} is null or ${oneOf(t.server_mode, SERVER_MODES)}`),
    check("server_settings_cache_percent", sql`${t.playback_cache_max_percent} between 1 and 100`),
  ],
);

/** The outbox of recording webhooks: a delivery is written in the same transaction as the recording's end. */
export const recordingWebhookDeliveries = table(
  "recording_webhook_deliveries",
  {
    id: serial(),
    message_id: text().notNull(),
    dedupe_key: text().notNull(),
    event: enumText(DELIVERY_EVENTS).notNull(),
    video_id: bigint().references(() => videos.id, { onDelete: "cascade" }),
    status: enumText(DELIVERY_STATUSES).notNull().default("pending"),
    attempts: int().notNull().default(0),
    last_status: int(),
    last_error: text(),
    test: bool().notNull().default(false),
    next_attempt_at: timestamp().notNull(),
    last_attempt_at: timestamp(),
    delivered_at: timestamp(),
    frozen_parts: json<FrozenPart[]>(),
    created_at: timestamp().notNull(),
    updated_at: timestamp().notNull(),
  },
  (t) => [
    uniqueIndex("recording_webhook_deliveries_message").on(t.message_id),
    uniqueIndex("recording_webhook_deliveries_dedupe").on(t.dedupe_key),
    index("recording_webhook_deliveries_due").on(t.next_attempt_at).where(sql`${t.status} = 'pending'`),
    index("recording_webhook_deliveries_video").on(t.video_id),
    index("recording_webhook_deliveries_created").on(t.created_at),
    check("recording_webhook_deliveries_event", oneOf(t.event, DELIVERY_EVENTS)),
    check("recording_webhook_deliveries_status", oneOf(t.status, DELIVERY_STATUSES)),
  ],
);

/** Where notifications go; `config` is sealed JSON (URLs with tokens, bot tokens, passwords). */
export const notificationTargets = table(
  "notification_targets",
  {
    id: serial(),
    name: text().notNull(),
    kind: enumText(NOTIFICATION_TARGET_KINDS).notNull(),
    enabled: bool().notNull().default(true),
    config: text().notNull(),
    events: json<NotificationEvent[]>().notNull().default([]),
    broadcaster_ids: json<string[]>().notNull().default([]),
    templates: json<Partial<Record<NotificationEvent, NotificationTemplate>>>().notNull().default({}),
    created_at: timestamp().notNull(),
    updated_at: timestamp().notNull(),
  },
  (t) => [check("notification_targets_kind", oneOf(t.kind, NOTIFICATION_TARGET_KINDS))],
);

/** The outbox of notifications, sent like the recording webhook's (claims, retries, a visible log). */
export const notificationDeliveries = table(
  "notification_deliveries",
  {
    id: serial(),
    target_id: bigint()
      .notNull()
      .references(() => notificationTargets.id, { onDelete: "cascade" }),
    event: text().$type<NotificationEvent | "test">().notNull(),
    event_log_id: bigint().references(() => eventLogs.id, { onDelete: "set null" }),
    dedupe_key: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    status: enumText(DELIVERY_STATUSES).notNull().default("pending"),
    attempts: int().notNull().default(0),
    last_status: int(),
    last_error: text(),
    next_attempt_at: timestamp().notNull(),
    last_attempt_at: timestamp(),
    delivered_at: timestamp(),
    created_at: timestamp().notNull(),
    updated_at: timestamp().notNull(),
  },
  (t) => [
    uniqueIndex("notification_deliveries_dedupe").on(t.dedupe_key),
    index("notification_deliveries_due").on(t.next_attempt_at).where(sql`${t.status} = 'pending'`),
    index("notification_deliveries_target").on(t.target_id, t.created_at),
    index("notification_deliveries_created").on(t.created_at),
    check("notification_deliveries_event", oneOf(t.event, [...NOTIFICATION_EVENTS, "test"])),
    check("notification_deliveries_status", oneOf(t.status, DELIVERY_STATUSES)),
  ],
);
