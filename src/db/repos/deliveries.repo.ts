import { eq, sql } from "drizzle-orm";
import type { AttemptResult, Delivery, FrozenPart, NewDelivery } from "../../domain/webhooks.ts";
import type { SqlClient } from "../sql/client.ts";
import { insertInto, onConflictDoNothing, returning, update } from "../sql/query.ts";
import { type Clock, isoNow } from "./clock.ts";
import { outboxQueries } from "./outbox.ts";

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
  /** Puts deliveries `delivering` since `before` or earlier (a crashed worker) back to pending. */
  releaseStale(before: string): Promise<number>;
  /** Deletes finished (delivered, rejected, failed) deliveries created before `before`. */
  deleteFinishedBefore(before: string): Promise<number>;
}

export function createDeliveryRepository(db: SqlClient, clock: Clock): DeliveryRepository {
  const { recordingWebhookDeliveries: d } = db.tables;
  const outbox = outboxQueries<Delivery>(db, clock, (t) => t.recordingWebhookDeliveries, "webhook delivery");
  return {
    ...outbox,
    enqueue: (delivery) => enqueueDelivery(db, delivery, isoNow(clock)),
    async freezeParts(id, parts) {
      await db.run(update(d, { frozen_parts: [...parts], updated_at: isoNow(clock) }, eq(d.id, id)));
    },
    listRecent: (limit) => outbox.listRecent(limit),
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
