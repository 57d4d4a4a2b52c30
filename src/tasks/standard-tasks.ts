import type { Repository } from "../db/repository.ts";
import type { TaskDescriptionValues } from "../domain/ops.ts";
import type { ReconcileOutcome } from "../playback-cache/reconcile.ts";
import type { Storage } from "../storage/storage.ts";
import { formatBytes } from "../system/bytes.ts";
import type { ScheduledTask, TaskResult } from "./task.ts";
import { type RemovalOutcome, removeVideos } from "./video-removal.ts";

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const DAY_MS = DAY * 1000;

/** The EventSub manager's maintenance side; absent in modes that create no subscriptions. */
export interface EventSubMaintenance {
  reconcileChannels(): Promise<{ created: number; deleted: number }>;
  snapshot(): Promise<void>;
}

export interface StandardTaskDeps {
  repo: Pick<
    Repository,
    | "apiTokens"
    | "chat"
    | "eventLogs"
    | "fetchLogs"
    | "notifications"
    | "sessions"
    | "videos"
    | "webhookDeliveries"
    | "webhookEvents"
  >;
  storage: Storage;
  categoryArt: { run(): Promise<{ updated: number; igdbIds: number }> };
  /** IGDB's descriptions, genres and release years (skipped, saying why, without a Twitch application). */
  categoryMetadata: {
    run(
      now: Date,
      signal?: AbortSignal,
    ): Promise<{ kind: "skipped"; reason: string } | { kind: "done"; checked: number; described: number }>;
  };
  /** Makes another task due now (art that brought new IGDB ids asks for their metadata at once). */
  runTaskNow?: (name: string) => Promise<unknown>;
  /** Null when the server mode creates no EventSub subscriptions (off, poll): those tasks only show. */
  eventsub: EventSubMaintenance | null;
  /** The playback cache's upkeep: stale rows, then eviction beyond its budget. */
  playbackCache: { reconcile(signal: AbortSignal): Promise<ReconcileOutcome> };
  /** The boot-time reconcile: the first runs wait for it (rather than racing it on Twitch, or counting nothing). */
  eventsubBooted?: Promise<unknown>;
  retention: {
    /** 0: kept forever. */
    fetch_logs_days: number;
    /** Debug and info entries; warnings and errors are kept. 0: kept forever. */
    event_logs_days: number;
  };
}

const METADATA_TASK = "category_metadata_sync";

/** Webhook payloads are only needed to debug recent deliveries. */
const WEBHOOK_PAYLOAD_DAYS = 7;
/** Finished recording-webhook deliveries stay this long for the dashboard's history. */
const DELIVERY_DAYS = 30;

/** The task that removes the recordings users asked to delete (woken by each request). */
export const DELETE_REQUESTED_TASK = "recording_delete_requested";

/** replayd's maintenance tasks, in the order the dashboard lists them. */
export function standardTasks(deps: StandardTaskDeps): ScheduledTask[] {
  const { repo } = deps;
  const ago = (ctx: { now: () => Date }, days: number) =>
    new Date(ctx.now().getTime() - days * DAY_MS).toISOString();
  const eventsub = deps.eventsub;
  return [
    {
      name: DELETE_REQUESTED_TASK,
      description: "Delete the recordings users asked to delete (files, then the library entry)",
      interval_seconds: MINUTE,
      run: async (_ctx, signal) =>
        removalResult(await removeVideos(deps, (n) => repo.videos.listDeleteRequested(n), "manual", signal)),
    },
    {
      name: "recordings_retention",
      description: "Delete recordings whose schedule's retention window has passed",
      interval_seconds: HOUR,
      run: async (_ctx, signal) =>
        removalResult(await removeVideos(deps, (n) => repo.videos.listRetentionDue(n), "retention", signal)),
    },
    {
      name: "eventsub_reconcile_channels",
      description: eventsub
        ? "Make Twitch's stream.online/offline subscriptions match the watched channels"
        : "Make Twitch's EventSub subscriptions match the watched channels (direct mode only)",
      description_values: eventsub ? {} : { context: "direct_only" },
      interval_seconds: eventsub ? HOUR : 0,
      async run() {
        if (!eventsub) return { status: "skipped", summary: "this server mode uses no EventSub" };
        await deps.eventsubBooted;
        const { created, deleted } = await eventsub.reconcileChannels();
        return { summary: `${created} created, ${deleted} deleted`, data: { created, deleted } };
      },
    },
    {
      name: "eventsub_snapshot",
      description: eventsub
        ? "Record Twitch's EventSub subscription costs and quota"
        : "Record Twitch's EventSub subscription costs and quota (direct mode only)",
      description_values: eventsub ? {} : { context: "direct_only" },
      interval_seconds: eventsub ? 10 * MINUTE : 0,
      async run() {
        if (!eventsub) return { status: "skipped", summary: "this server mode uses no EventSub" };
        // Before the boot reconcile, a snapshot would show none of the subscriptions it is creating.
        await deps.eventsubBooted;
        await eventsub.snapshot();
        return undefined;
      },
    },
    {
      name: "category_art_sync",
      description: "Fetch box art and IGDB ids of categories seen for the first time",
      interval_seconds: DAY,
      async run(ctx) {
        const { updated, igdbIds } = await deps.categoryArt.run();
        if (igdbIds > 0) {
          // New IGDB ids: their descriptions need not wait for tomorrow's metadata run.
          deps.runTaskNow?.(METADATA_TASK).catch((err: Error) => {
            ctx.log.warn({ err: err.message }, "could not ask for the IGDB metadata run");
          });
        }
        return { summary: `${updated} categories updated`, data: { updated, igdb_ids: igdbIds } };
      },
    },
    {
      name: METADATA_TASK,
      description:
        "Fetch descriptions, genres and release years of categories' games from IGDB (each rechecked weekly)",
      interval_seconds: DAY,
      async run(ctx, signal) {
        const outcome = await deps.categoryMetadata.run(ctx.now(), signal);
        if (outcome.kind === "skipped") return { status: "skipped", summary: outcome.reason };
        const { checked, described } = outcome;
        return {
          summary: `${checked} categories checked on IGDB, ${described} described`,
          data: { checked, described },
          idle: checked === 0,
        };
      },
    },
    {
      name: "playback_cache_reconcile",
      description:
        "Keep the playback cache within its size limit (least recently watched files first) and drop stale entries",
      interval_seconds: 5 * MINUTE,
      run: async (_ctx, signal) => cacheResult(await deps.playbackCache.reconcile(signal)),
    },
    {
      name: "session_cleanup",
      description: "Delete expired sign-in sessions",
      interval_seconds: 2 * HOUR,
      run: async () => deleted(await repo.sessions.deleteExpired(), "expired sessions"),
    },
    {
      name: "api_token_cleanup",
      description: "Delete expired personal API tokens",
      interval_seconds: HOUR,
      run: async () => deleted(await repo.apiTokens.deleteExpired(), "expired API tokens"),
    },
    {
      name: "fetch_logs_retention",
      description: `Delete Twitch API call logs older than ${deps.retention.fetch_logs_days} days`,
      description_values: retentionValues(deps.retention.fetch_logs_days),
      interval_seconds: DAY,
      async run(ctx) {
        const days = deps.retention.fetch_logs_days;
        if (days <= 0) return { status: "skipped", summary: "fetch logs are kept forever" };
        return deleted(await repo.fetchLogs.deleteBefore(ago(ctx, days)), "fetch logs");
      },
    },
    {
      name: "event_logs_retention",
      description: `Delete debug and info event logs older than ${deps.retention.event_logs_days} days (warnings and errors stay)`,
      description_values: retentionValues(deps.retention.event_logs_days),
      interval_seconds: DAY,
      async run(ctx) {
        const days = deps.retention.event_logs_days;
        if (days <= 0) return { status: "skipped", summary: "event logs are kept forever" };
        return deleted(await repo.eventLogs.deleteBefore(ago(ctx, days), ["debug", "info"]), "event logs");
      },
    },
    {
      name: "webhook_payload_trim",
      description: `Drop the bodies of EventSub messages older than ${WEBHOOK_PAYLOAD_DAYS} days (the audit rows stay)`,
      description_values: { days: WEBHOOK_PAYLOAD_DAYS },
      interval_seconds: DAY,
      async run(ctx) {
        const trimmed = await repo.webhookEvents.trimPayloads(ago(ctx, WEBHOOK_PAYLOAD_DAYS));
        return { summary: `${trimmed} payloads dropped`, data: { trimmed }, idle: trimmed === 0 };
      },
    },
    {
      name: "recording_webhook_deliveries_retention",
      description: `Delete finished recording-webhook deliveries older than ${DELIVERY_DAYS} days`,
      description_values: { days: DELIVERY_DAYS },
      interval_seconds: DAY,
      run: async (ctx) =>
        deleted(
          await repo.webhookDeliveries.deleteFinishedBefore(ago(ctx, DELIVERY_DAYS)),
          "finished deliveries",
        ),
    },
    {
      name: "notification_deliveries_retention",
      description: `Delete finished notification deliveries older than ${DELIVERY_DAYS} days`,
      description_values: { days: DELIVERY_DAYS },
      interval_seconds: DAY,
      run: async (ctx) =>
        deleted(
          await repo.notifications.deleteFinishedBefore(ago(ctx, DELIVERY_DAYS)),
          "finished notifications",
        ),
    },
  ];
}

/** A retention of `days` (0: kept forever, and the task skips). */
function retentionValues(days: number): TaskDescriptionValues {
  return days > 0 ? { days } : { context: "forever" };
}

function deleted(count: number, what: string): TaskResult {
  return { summary: `${count} ${what} deleted`, data: { deleted: count }, idle: count === 0 };
}

/** A run that could not remove some videos fails, naming the first reason; the others are done. */
function removalResult(outcome: RemovalOutcome): TaskResult {
  if (outcome.failed > 0) {
    throw new Error(
      `${outcome.failed} of ${outcome.removed + outcome.failed} recordings could not be deleted (${outcome.error}); the next run tries again`,
    );
  }
  return {
    summary: `${outcome.removed} recordings deleted`,
    data: { removed: outcome.removed },
    idle: outcome.removed === 0,
  };
}

function cacheResult(outcome: ReconcileOutcome): TaskResult {
  if (outcome.skipped) return { status: "skipped", summary: outcome.skipped };
  const { evicted, stale } = outcome;
  return {
    summary: `${evicted} files evicted (${formatBytes(outcome.freed_bytes)}), ${stale} stale entries removed; ${formatBytes(outcome.used_bytes)} of ${formatBytes(outcome.budget_bytes)} in use`,
    data: { ...outcome },
    idle: evicted === 0 && stale === 0,
  };
}
