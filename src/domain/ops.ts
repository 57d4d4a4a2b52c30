/** Operations: maintenance tasks, event and fetch logs, server-wide settings. */

import type { JsonObject } from "./json.ts";

export const TASK_STATUSES = ["pending", "running", "success", "failed", "skipped"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface Task {
  name: string;
  description: string;
  /** 0: registered but never scheduled (a placeholder for a task the current mode does not run). */
  interval_seconds: number;
  is_enabled: boolean;
  last_run_at: string | null;
  last_duration_ms: number;
  last_status: TaskStatus;
  last_error: string | null;
  /** Null: due now. */
  next_run_at: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * The numbers and variant a task's description is built from, so the dashboard can say it in the reader's
 * language from the task's name (the `description` itself is English, for scripts and logs). `context`
 * names a variant: `direct_only` (a task the running mode does not use), `forever` (a retention of 0).
 */
export type TaskDescriptionValues = { days?: number; context?: "direct_only" | "forever" };

/** A task as the API lists it: its row, and what its description is made of. */
export interface TaskView extends Task {
  description_values: TaskDescriptionValues;
}

export interface TaskDefinition {
  name: string;
  description: string;
  /** What `description` is made of (none by default). */
  description_values?: TaskDescriptionValues;
  interval_seconds: number;
  /** Whether a task seen for the first time starts enabled (default true). */
  enabled_by_default?: boolean;
}

export interface TaskOutcome {
  status: "success" | "failed" | "skipped";
  duration_ms: number;
  error?: string | null;
}

export const SEVERITIES = ["debug", "info", "warn", "error"] as const;
/** The parts of replayd an event-log entry is filed under (the logs page filters and names them). */
export const EVENT_LOG_DOMAINS = [
  "recording",
  "live",
  "schedule",
  "eventsub",
  "relay",
  "auth",
  "settings",
  "task",
  "system",
] as const;
export type EventLogDomain = (typeof EVENT_LOG_DOMAINS)[number];
export type Severity = (typeof SEVERITIES)[number];

export interface EventLog {
  id: number;
  domain: string;
  event_type: string;
  severity: Severity;
  message: string;
  actor_user_id: string | null;
  /** The channel it is about, if any (a channel's page lists its last events). */
  broadcaster_id: string | null;
  data: JsonObject | null;
  created_at: string;
}

export interface NewEventLog {
  domain: string;
  event_type: string;
  severity: Severity;
  message: string;
  actor_user_id?: string | null;
  broadcaster_id?: string | null;
  data?: JsonObject | null;
}

/**
 * Where services say what happened, for the owner's logs page and notifications. `write` never rejects: an
 * entry that cannot be stored is logged instead, and what the service was doing goes on.
 */
export interface EventSink {
  write(entry: NewEventLog): Promise<void>;
}

/** A sink that keeps nothing (tools and tests that do not read the event log). */
export const noEvents: EventSink = { write: async () => {} };

export interface RankedEventLog extends EventLog {
  /** Relevance, higher is better; comparable within one search only. */
  rank: number;
}

export interface FetchLog {
  id: number;
  user_id: string | null;
  /** e.g. `GET /streams`. */
  fetch_type: string;
  broadcaster_id: string | null;
  status: number;
  error: string | null;
  duration_ms: number;
  fetched_at: string;
}

export type NewFetchLog = Omit<FetchLog, "id" | "fetched_at" | "user_id" | "broadcaster_id" | "error"> & {
  user_id?: string | null;
  broadcaster_id?: string | null;
  error?: string | null;
  fetched_at?: string;
};

export const SERVER_MODES = ["off", "poll", "direct", "relay"] as const;
export type ServerMode = (typeof SERVER_MODES)[number];

export const RECORDING_WEBHOOK_EVENTS = ["recording.completed", "recording.failed"] as const;
export type RecordingWebhookEvent = (typeof RECORDING_WEBHOOK_EVENTS)[number];

/** The one row of server-wide settings the dashboard edits. */
export interface ServerSettings {
  /** Null until chosen in the dashboard (onboarding). */
  server_mode: ServerMode | null;
  eventsub_webhook_callback_url: string | null;
  eventsub_relay_ingest_url: string | null;
  eventsub_relay_subscribe_url: string | null;
  eventsub_relay_local_callback_url: string | null;
  /** The key that opens the relay's subscribe WebSocket, sealed (see secrets.ts). */
  eventsub_relay_subscribe_key: string | null;
  /** The EventSub HMAC secret; also the root key for signed download URLs. */
  eventsub_secret: string | null;
  recording_webhook_enabled: boolean;
  recording_webhook_url: string | null;
  recording_webhook_secret: string | null;
  /** Empty: every event. */
  recording_webhook_events: RecordingWebhookEvent[];
  playback_cache_enabled: boolean;
  playback_cache_max_percent: number;
  playback_cache_auto_generate: boolean;
  schedules_paused: boolean;
  created_at: string;
  updated_at: string;
}

export type ServerSettingsPatch = Partial<
  Omit<ServerSettings, "created_at" | "updated_at" | "eventsub_secret">
>;
