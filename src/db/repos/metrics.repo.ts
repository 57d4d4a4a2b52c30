import { sql } from "drizzle-orm";
import type { DeliveryStatus } from "../../domain/webhooks.ts";
import type { SqlClient } from "../sql/client.ts";
import { countAll, select, sumOf } from "../sql/query.ts";

/** Which outbox a delivery count is of. */
export type DeliveryKind = "recording_webhook" | "notification";

export interface DeliveryCount {
  kind: DeliveryKind;
  status: DeliveryStatus;
  count: number;
}

export interface SubscriptionCount {
  /** Twitch's status, e.g. `enabled`, `webhook_callback_verification_pending`. */
  status: string;
  count: number;
  /** Their summed cost (Twitch's quota unit). */
  cost: number;
}

/** Aggregates the metrics endpoint reads: a few grouped counts, never rows. */
export interface MetricsRepository {
  /** Rows of both delivery outboxes (the recording webhook's, notifications'), by status. */
  deliveryCounts(): Promise<DeliveryCount[]>;
  /** The mirrored EventSub subscriptions not revoked, by status: how many and their cost. */
  subscriptionCounts(): Promise<SubscriptionCount[]>;
}

export function createMetricsRepository(db: SqlClient): MetricsRepository {
  const {
    recordingWebhookDeliveries: webhook,
    notificationDeliveries: notify,
    eventsubSubscriptions: subs,
  } = db.tables;
  return {
    async deliveryCounts() {
      const [webhooks, notifications] = await Promise.all([
        db.all(
          select(
            { status: webhook.status, count: countAll() },
            sql`from ${webhook} group by ${webhook.status}`,
          ),
        ),
        db.all(
          select({ status: notify.status, count: countAll() }, sql`from ${notify} group by ${notify.status}`),
        ),
      ]);
      return [
        ...webhooks.map((r) => ({ kind: "recording_webhook" as const, ...r })),
        ...notifications.map((r) => ({ kind: "notification" as const, ...r })),
      ];
    },
    subscriptionCounts: () =>
      db.all(
        select(
          { status: subs.status, count: countAll(), cost: sumOf(subs.cost) },
          sql`from ${subs} where ${subs.revoked_at} is null group by ${subs.status} order by ${subs.status}`,
        ),
      ),
  };
}
