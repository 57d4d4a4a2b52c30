import { eq, sql } from "drizzle-orm";
import { NotFoundError } from "../../domain/errors.ts";
import type {
  NewNotificationDelivery,
  NewNotificationTarget,
  NotificationDelivery,
  StoredNotificationTarget,
} from "../../domain/notifications.ts";
import type { EventLog } from "../../domain/ops.ts";
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
import { type OutboxQueries, outboxQueries } from "./outbox.ts";

/** Where notifications go, and their outbox (sent like the recording webhook's). */
export interface NotificationRepository extends Omit<OutboxQueries<NotificationDelivery>, "listRecent"> {
  /** Oldest first (the order they were made in). */
  listTargets(): Promise<StoredNotificationTarget[]>;
  getTarget(id: number): Promise<StoredNotificationTarget | null>;
  createTarget(target: NewNotificationTarget): Promise<StoredNotificationTarget>;
  /** @throws NotFoundError */
  updateTarget(id: number, patch: Partial<NewNotificationTarget>): Promise<StoredNotificationTarget>;
  /** Deletes a target and its deliveries. @throws NotFoundError */
  deleteTarget(id: number): Promise<void>;
  /** Queues a delivery; null when one with the same dedupe key exists (one per target and entry). */
  enqueue(delivery: NewNotificationDelivery): Promise<NotificationDelivery | null>;
  /** The most recent deliveries, newest first; one target's when given. */
  listRecent(limit: number, targetId?: number): Promise<NotificationDelivery[]>;
  /** The event-log entry a delivery was raised by (null once pruned): its data fills the message. */
  sourceEntry(eventLogId: number): Promise<EventLog | null>;
}

export function createNotificationRepository(db: SqlClient, clock: Clock): NotificationRepository {
  const { notificationTargets: t, notificationDeliveries: d, eventLogs } = db.tables;
  const outbox = outboxQueries<NotificationDelivery>(
    db,
    clock,
    (tables) => tables.notificationDeliveries,
    "notification delivery",
  );
  const targetById = (id: number) => db.first(select(allColumns(t), sql`from ${t} where ${eq(t.id, id)}`));
  return {
    ...outbox,
    listTargets: () => db.all(select(allColumns(t), sql`from ${t} order by ${t.id}`)),
    getTarget: targetById,

    createTarget(target) {
      const now = isoNow(clock);
      return db.one(returning(t, insertInto(t, [{ ...target, created_at: now, updated_at: now }])));
    },

    async updateTarget(id, patch) {
      const updated = await db.first(
        returning(t, update(t, { ...patch, updated_at: isoNow(clock) }, eq(t.id, id))),
      );
      if (!updated) throw new NotFoundError(`no notification target ${id}`);
      return updated;
    },

    async deleteTarget(id) {
      // Deliveries go with it (ON DELETE CASCADE).
      if ((await db.run(deleteFrom(t, eq(t.id, id)))) === 0)
        throw new NotFoundError(`no notification target ${id}`);
    },

    async enqueue(delivery) {
      const now = isoNow(clock);
      const row = {
        target_id: delivery.target_id,
        event: delivery.event,
        event_log_id: delivery.event_log_id,
        dedupe_key: delivery.dedupe_key,
        title: delivery.title,
        body: delivery.body,
        next_attempt_at: now,
        ...(delivery.sending_now ? { status: "delivering" as const, attempts: 1, last_attempt_at: now } : {}),
        created_at: now,
        updated_at: now,
      };
      return db.first(returning(d, sql`${insertInto(d, [row])} ${onConflictDoNothing()}`));
    },

    listRecent: (limit, targetId) =>
      outbox.listRecent(limit, targetId === undefined ? undefined : eq(d.target_id, targetId)),

    sourceEntry: (eventLogId) =>
      db.first(select(allColumns(eventLogs), sql`from ${eventLogs} where ${eq(eventLogs.id, eventLogId)}`)),
  };
}
