import { eq, sql } from "drizzle-orm";
import { ConflictError } from "../../domain/errors.ts";
import type {
  NewQuotaSnapshot,
  NewWebhookEvent,
  QuotaSnapshot,
  Subscription,
  SubscriptionMirror,
  WebhookEvent,
} from "../../domain/eventsub.ts";
import type { Counted } from "../../domain/pagination.ts";
import type { SqlClient } from "../sql/client.ts";
import {
  allColumns,
  countAll,
  excluded,
  insertInto,
  onConflictDoNothing,
  onConflictDoUpdate,
  returning,
  select,
  takeExcluded,
  update,
} from "../sql/query.ts";
import { type Clock, isoNow } from "./clock.ts";
import { clampLimit } from "./keyset.ts";

const PENDING = "webhook_callback_verification_pending";

/** Our mirror of the EventSub subscriptions on Twitch, and quota snapshots. */
export interface EventSubRepository {
  /**
   * Stores a subscription as Twitch returned it (created, or refreshed by id; a revoked one is active
   * again). A subscription never goes back to `webhook_callback_verification_pending` on Twitch, so that
   * status does not replace one already known (the verification can land before the create's answer).
   * @throws ConflictError when another active subscription covers the same channel and type.
   */
  saveSubscription(subscription: SubscriptionMirror): Promise<Subscription>;
  getSubscription(id: string): Promise<Subscription | null>;
  /** The active subscription of this type for the channel. */
  getActive(broadcasterId: string, type: string): Promise<Subscription | null>;
  /** Active (not revoked) subscriptions, newest first, with their total. */
  listActive(page: { limit: number; offset: number }): Promise<Counted<Subscription>>;
  listActiveByType(type: string): Promise<Subscription[]>;
  /** Soft-deletes: the row stays with `revoked_at` and the reason. */
  revoke(id: string, reason: string): Promise<boolean>;
  /** Stores a quota snapshot with each subscription's cost and status at that time. */
  saveSnapshot(snapshot: NewQuotaSnapshot): Promise<QuotaSnapshot>;
  listSnapshots(page: { limit: number; offset: number }): Promise<QuotaSnapshot[]>;
  latestSnapshot(): Promise<QuotaSnapshot | null>;
}

export function createEventSubRepository(db: SqlClient, clock: Clock): EventSubRepository {
  const { eventsubSubscriptions: subs, eventsubSnapshots: snaps } = db.tables;
  const columns = allColumns(subs);
  const active = sql`${subs.revoked_at} is null`;
  return {
    async saveSubscription(subscription) {
      const now = isoNow(clock);
      const row = {
        ...subscription,
        broadcaster_id: subscription.broadcaster_id ?? subscription.condition.broadcaster_user_id ?? null,
        created_at: now,
        updated_at: now,
      };
      try {
        const saved = await db.one(
          returning(
            subs,
            sql`${insertInto(subs, [row])} ${onConflictDoUpdate(subs, [subs.id], {
              ...takeExcluded(subs, [
                "type",
                "version",
                "cost",
                "condition",
                "broadcaster_id",
                "transport_method",
                "transport_callback",
                "twitch_created_at",
                "updated_at",
              ]),
              status: sql`case when ${excluded(subs.status)} = ${PENDING} then ${subs.status} else ${excluded(subs.status)} end`,
              revoked_at: null,
              revoked_reason: null,
            })}`,
          ),
        );
        return saved;
      } catch (err) {
        if (db.isUniqueViolation(err)) {
          throw new ConflictError(
            `an active ${subscription.type} subscription already exists for this channel`,
          );
        }
        throw err;
      }
    },

    getSubscription: (id) => db.first(select(columns, sql`from ${subs} where ${eq(subs.id, id)}`)),

    getActive: (broadcasterId, type) =>
      db.first(
        select(
          columns,
          sql`from ${subs} where ${eq(subs.broadcaster_id, broadcasterId)} and ${eq(subs.type, type)} and ${active}`,
        ),
      ),

    async listActive(page) {
      const total = (await db.first(select({ n: countAll() }, sql`from ${subs} where ${active}`)))?.n ?? 0;
      const data = await db.all(
        select(
          columns,
          sql`from ${subs} where ${active} order by ${subs.created_at} desc, ${subs.id}
              limit ${clampLimit(page.limit)} offset ${Math.max(0, Math.trunc(page.offset))}`,
        ),
      );
      return { total, data };
    },

    listActiveByType: (type) =>
      db.all(
        select(
          columns,
          sql`from ${subs} where ${eq(subs.type, type)} and ${active} order by ${subs.broadcaster_id}, ${subs.id}`,
        ),
      ),

    async revoke(id, reason) {
      const now = isoNow(clock);
      const changed = await db.run(
        update(
          subs,
          { revoked_at: now, revoked_reason: reason, updated_at: now },
          sql`${eq(subs.id, id)} and ${active}`,
        ),
      );
      return changed > 0;
    },

    saveSnapshot: (snapshot) =>
      db.transaction(async (tx) => {
        const { eventsubSnapshots: s, eventsubSnapshotSubscriptions: links } = tx.tables;
        const saved = await tx.one(
          returning(
            s,
            insertInto(s, [
              {
                total: snapshot.total,
                total_cost: snapshot.total_cost,
                max_total_cost: snapshot.max_total_cost,
                fetched_at: snapshot.fetched_at,
              },
            ]),
          ),
        );
        const id = saved.id;
        const unique = new Map(snapshot.subscriptions.map((sub) => [sub.id, sub]));
        if (unique.size) {
          await tx.run(
            sql`${insertInto(
              links,
              [...unique.values()].map((sub) => ({
                snapshot_id: id,
                subscription_id: sub.id,
                cost_at_snapshot: sub.cost,
                status_at_snapshot: sub.status,
              })),
            )} ${onConflictDoNothing()}`,
          );
        }
        return saved;
      }),

    listSnapshots: (page) =>
      db.all(
        select(
          allColumns(snaps),
          sql`from ${snaps} order by ${snaps.fetched_at} desc, ${snaps.id} desc
              limit ${clampLimit(page.limit)} offset ${Math.max(0, Math.trunc(page.offset))}`,
        ),
      ),

    latestSnapshot: () =>
      db.first(
        select(
          allColumns(snaps),
          sql`from ${snaps} order by ${snaps.fetched_at} desc, ${snaps.id} desc limit 1`,
        ),
      ),
  };
}

/** Every EventSub message received: the audit trail and the deduplication of redeliveries. */
export interface WebhookEventRepository {
  /** Records a message; `duplicate` when this message id was received before (nothing is written). */
  receive(event: NewWebhookEvent): Promise<{ event: WebhookEvent; duplicate: boolean }>;
  markProcessed(id: number): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
  /** Drops the payloads of events received before `before` (the rows stay). */
  trimPayloads(before: string): Promise<number>;
  listRecent(limit: number): Promise<WebhookEvent[]>;
}

export function createWebhookEventRepository(db: SqlClient, clock: Clock): WebhookEventRepository {
  const { webhookEvents: events } = db.tables;
  const columns = allColumns(events);
  return {
    receive: (event) =>
      db.transaction(async (tx) => {
        const { webhookEvents: e, eventsubSubscriptions: s } = tx.tables;
        // Linked only when mirrored: a message may name a subscription we never stored.
        const known = event.subscription_id
          ? await tx.first(select({ id: s.id }, sql`from ${s} where ${eq(s.id, event.subscription_id)}`))
          : null;
        const row = {
          event_id: event.event_id,
          message_type: event.message_type,
          event_type: event.event_type ?? null,
          subscription_id: known?.id ?? null,
          broadcaster_id: event.broadcaster_id ?? null,
          message_timestamp: event.message_timestamp,
          payload: event.payload ?? null,
          received_at: isoNow(clock),
        };
        const inserted = await tx.first(
          returning(e, sql`${insertInto(e, [row])} ${onConflictDoNothing([e.event_id])}`),
        );
        if (inserted) return { event: inserted, duplicate: false };
        const existing = await tx.first(
          select(allColumns(e), sql`from ${e} where ${eq(e.event_id, event.event_id)}`),
        );
        return { event: existing as WebhookEvent, duplicate: true };
      }),

    async markProcessed(id) {
      await db.run(
        update(events, { status: "processed", error: null, processed_at: isoNow(clock) }, eq(events.id, id)),
      );
    },

    async markFailed(id, error) {
      await db.run(
        update(events, { status: "failed", error, processed_at: isoNow(clock) }, eq(events.id, id)),
      );
    },

    trimPayloads: (before) =>
      db.run(
        update(
          events,
          { payload: null },
          sql`${events.payload} is not null and ${events.received_at} < ${sql.param(before, events.received_at)}`,
        ),
      ),

    listRecent: (limit) =>
      db.all(
        select(
          columns,
          sql`from ${events} order by ${events.received_at} desc, ${events.id} desc limit ${clampLimit(limit, 500)}`,
        ),
      ),
  };
}
