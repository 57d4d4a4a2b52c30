import { eq, sql } from "drizzle-orm";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import type { AttemptResult, Delivery, FrozenPart, NewDelivery } from "../../domain/webhooks.ts";
import type { SqlClient } from "../sql/client.ts";
import {
  allColumns,
  deleteFrom,
  insertInto,
  onConflictDoNothing,
  returning,
  select,
  update,
} from "../sql/query.ts";
import { type Clock, isoNow } from "./clock.ts";
import { clampLimit } from "./keyset.ts";

/** The outbox of the outgoing recording webhook. */
export interface DeliveryRepository {
  /** Queues a delivery; null when one with the same dedupe key exists (at most one per event and video). */
  enqueue(delivery: NewDelivery): Promise<Delivery | null>;
  /**
   * Claims the next due pending delivery for this worker (status → delivering, attempts + 1). Concurrent
   * workers never claim the same one.
   */
  claimNext(): Promise<Delivery | null>;
  /** Stores the outcome of the claimed attempt. */
  recordAttempt(id: number, result: AttemptResult): Promise<Delivery>;
  /** Keeps the parts list as the first attempt saw it, so retries survive the video's deletion. */
  freezeParts(id: number, parts: readonly FrozenPart[]): Promise<void>;
  getById(id: number): Promise<Delivery | null>;
  /** The most recent deliveries, newest first. */
  listRecent(limit: number): Promise<Delivery[]>;
  /** Queues a rejected or failed delivery again. @throws NotFoundError, ConflictError */
  retry(id: number): Promise<Delivery>;
  /** Puts deliveries stuck in `delivering` since before `before` (a crashed worker) back to pending. */
  releaseStale(before: string): Promise<number>;
  /** Deletes finished (delivered, rejected, failed) deliveries created before `before`. */
  deleteFinishedBefore(before: string): Promise<number>;
}

export function createDeliveryRepository(db: SqlClient, clock: Clock): DeliveryRepository {
  const { recordingWebhookDeliveries: d } = db.tables;
  const columns = allColumns(d);
  const byId = (id: number) => db.first(select(columns, sql`from ${d} where ${eq(d.id, id)}`));
  return {
    enqueue: (delivery) => enqueueDelivery(db, delivery, isoNow(clock)),

    async claimNext() {
      const now = isoNow(clock);
      const due = sql`select ${d.id} from ${d} where ${d.status} = 'pending' and ${d.next_attempt_at} <= ${sql.param(now, d.next_attempt_at)}
        order by ${d.next_attempt_at}, ${d.id} limit 1 ${db.fx.skipLocked}`;
      return db.first(
        returning(
          d,
          update(
            d,
            { status: "delivering", attempts: sql`${d.attempts} + 1`, last_attempt_at: now, updated_at: now },
            sql`${d.id} = (${due})`,
          ),
        ),
      );
    },

    async recordAttempt(id, result) {
      const now = isoNow(clock);
      const common = { last_status: result.status, updated_at: now };
      const set =
        result.outcome === "delivered"
          ? { ...common, status: "delivered" as const, last_error: null, delivered_at: now }
          : result.outcome === "retry"
            ? {
                ...common,
                status: "pending" as const,
                last_error: result.error,
                next_attempt_at: result.next_attempt_at,
              }
            : { ...common, status: result.outcome, last_error: result.error };
      const updated = await db.first(returning(d, update(d, set, eq(d.id, id))));
      if (!updated) throw new NotFoundError(`no webhook delivery ${id}`);
      return updated;
    },

    async freezeParts(id, parts) {
      await db.run(update(d, { frozen_parts: [...parts], updated_at: isoNow(clock) }, eq(d.id, id)));
    },

    getById: byId,

    listRecent: (limit) =>
      db.all(
        select(
          columns,
          sql`from ${d} order by ${d.created_at} desc, ${d.id} desc limit ${clampLimit(limit, 500)}`,
        ),
      ),

    retry: (id) =>
      db.transaction(async (tx) => {
        const t = tx.tables.recordingWebhookDeliveries;
        const current = await tx.first(select(allColumns(t), sql`from ${t} where ${eq(t.id, id)}`));
        if (!current) throw new NotFoundError(`no webhook delivery ${id}`);
        if (current.status !== "rejected" && current.status !== "failed") {
          throw new ConflictError(
            `webhook delivery ${id} is ${current.status}; only rejected or failed ones can be retried`,
          );
        }
        const now = isoNow(clock);
        const queued = await tx.one(
          returning(
            t,
            update(
              t,
              { status: "pending", attempts: 0, next_attempt_at: now, updated_at: now },
              eq(t.id, id),
            ),
          ),
        );
        return queued;
      }),

    releaseStale: (before) =>
      db.run(
        update(
          d,
          { status: "pending", updated_at: isoNow(clock) },
          sql`${d.status} = 'delivering' and ${d.last_attempt_at} < ${sql.param(before, d.last_attempt_at)}`,
        ),
      ),

    deleteFinishedBefore: (before) =>
      db.run(
        deleteFrom(
          d,
          sql`${d.status} in ('delivered', 'rejected', 'failed') and ${d.created_at} < ${sql.param(before, d.created_at)}`,
        ),
      ),
  };
}

/** Inserts a delivery unless its dedupe key (or message id) is taken; used by the recorder's finish too. */
export async function enqueueDelivery(
  db: SqlClient,
  delivery: NewDelivery,
  now: string,
): Promise<Delivery | null> {
  const { recordingWebhookDeliveries: d } = db.tables;
  const row = {
    message_id: delivery.message_id,
    dedupe_key: delivery.dedupe_key,
    event: delivery.event,
    video_id: delivery.video_id,
    test: delivery.test ?? false,
    next_attempt_at: delivery.next_attempt_at ?? now,
    ...(delivery.sending_now ? { status: "delivering" as const, attempts: 1, last_attempt_at: now } : {}),
    created_at: now,
    updated_at: now,
  };
  return db.first(returning(d, sql`${insertInto(d, [row])} ${onConflictDoNothing()}`));
}
