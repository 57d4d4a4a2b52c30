import { sql } from "drizzle-orm";
import { WEBHOOK_EVENT_STATUSES, WEBHOOK_MESSAGE_TYPES } from "../../../domain/eventsub.ts";
import type { JsonObject } from "../../../domain/json.ts";
import { oneOf } from "../constraints.ts";
import {
  bigint,
  check,
  enumText,
  index,
  int,
  json,
  primaryKey,
  serial,
  table,
  text,
  timestamp,
  uniqueIndex,
} from "./core.ts";

/** EventSub: our mirror of the subscriptions on Twitch, quota snapshots, and every webhook received. */

export const eventsubSubscriptions = table(
  "eventsub_subscriptions",
  {
    /** Twitch's subscription id. */
    id: text().primaryKey(),
    status: text().notNull(),
    type: text().notNull(),
    version: text().notNull(),
    cost: int().notNull().default(0),
    condition: json<Record<string, string>>().notNull(),
    broadcaster_id: text(),
    transport_method: text().notNull(),
    transport_callback: text(),
    twitch_created_at: timestamp().notNull(),
    created_at: timestamp().notNull(),
    updated_at: timestamp().notNull(),
    /** Set instead of deleting, so the history stays. */
    revoked_at: timestamp(),
    revoked_reason: text(),
  },
  (t) => [
    // One live subscription per channel and type.
    uniqueIndex("eventsub_subscriptions_one_active")
      .on(t.broadcaster_id, t.type)
      .where(sql`${t.revoked_at} is null`),
    index("eventsub_subscriptions_type").on(t.type),
  ],
);

export const eventsubSnapshots = table(
  "eventsub_snapshots",
  {
    id: serial(),
    total: int().notNull(),
    total_cost: int().notNull(),
    max_total_cost: int().notNull(),
    fetched_at: timestamp().notNull(),
  },
  (t) => [index("eventsub_snapshots_fetched").on(t.fetched_at)],
);

export const eventsubSnapshotSubscriptions = table(
  "eventsub_snapshot_subscriptions",
  {
    snapshot_id: bigint()
      .notNull()
      .references(() => eventsubSnapshots.id, { onDelete: "cascade" }),
    subscription_id: text().notNull(),
    cost_at_snapshot: int().notNull(),
    status_at_snapshot: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.snapshot_id, t.subscription_id] })],
);

/** Every EventSub message received, for audit and deduplication. */
export const webhookEvents = table(
  "webhook_events",
  {
    id: serial(),
    /** Twitch-Eventsub-Message-Id. */
    event_id: text().notNull(),
    message_type: enumText(WEBHOOK_MESSAGE_TYPES).notNull(),
    event_type: text(),
    subscription_id: text().references(() => eventsubSubscriptions.id, { onDelete: "set null" }),
    broadcaster_id: text(),
    message_timestamp: timestamp().notNull(),
    payload: json<JsonObject>(),
    status: enumText(WEBHOOK_EVENT_STATUSES).notNull().default("received"),
    error: text(),
    received_at: timestamp().notNull(),
    processed_at: timestamp(),
  },
  (t) => [
    uniqueIndex("webhook_events_event").on(t.event_id),
    index("webhook_events_received").on(t.received_at),
    index("webhook_events_pending").on(t.received_at).where(sql`${t.status} = 'received'`),
    check("webhook_events_message_type", oneOf(t.message_type, WEBHOOK_MESSAGE_TYPES)),
    check("webhook_events_status", oneOf(t.status, WEBHOOK_EVENT_STATUSES)),
  ],
);
