import { expect, test } from "bun:test";
import type { SubscriptionMirror } from "../../domain/eventsub.ts";
import type { DatabaseHandle } from "../connection.ts";
import { createPgClient } from "../sql/pg.client.ts";
import { insertInto } from "../sql/query.ts";
import { createSqliteClient } from "../sql/sqlite.client.ts";
import { contract } from "./harness.ts";

const sub = (id: string, broadcaster: string, status: string, cost: number): SubscriptionMirror => ({
  id,
  status,
  type: "stream.online",
  version: "1",
  cost,
  condition: { broadcaster_user_id: broadcaster },
  transport_method: "webhook",
  transport_callback: "https://example.com/api/v1/webhook/callback",
  twitch_created_at: "2026-11-28T11:59:59.000Z",
});

/** Notification deliveries as their outbox will write them (its repository is another piece of work). */
async function notificationDeliveries(handle: DatabaseHandle, statuses: string[], at: string) {
  const db = handle.dialect === "sqlite" ? createSqliteClient(handle.client) : createPgClient(handle.orm);
  const { notificationTargets: targets, notificationDeliveries: deliveries } = db.tables;
  await db.run(
    insertInto(targets, [
      { name: "ops", kind: "ntfy", config: "sealed", created_at: at, updated_at: at } as never,
    ]),
  );
  await db.run(
    insertInto(
      deliveries,
      statuses.map(
        (status, i) =>
          ({
            target_id: 1,
            event: "went_live",
            dedupe_key: `k${i}`,
            title: "t",
            body: "b",
            status,
            next_attempt_at: at,
            created_at: at,
            updated_at: at,
          }) as never,
      ),
    ),
  );
}

contract("metrics aggregates", (c) => {
  test("deliveries of both outboxes, counted by status", async () => {
    expect(await c.repo.metrics.deliveryCounts()).toEqual([]);
    for (const n of [1, 2, 3]) {
      await c.repo.webhookDeliveries.enqueue({
        message_id: `m${n}`,
        dedupe_key: `recording.test:${n}`,
        event: "recording.test",
        video_id: null,
        test: true,
      });
    }
    const claimed = await c.repo.webhookDeliveries.claimNext();
    await c.repo.webhookDeliveries.recordAttempt(claimed?.id as number, {
      outcome: "delivered",
      status: 204,
    });
    await notificationDeliveries(c.handle, ["failed", "failed", "pending"], c.clock.iso());
    const counts = await c.repo.metrics.deliveryCounts();
    const sorted = [...counts].sort((a, b) => `${a.kind}${a.status}`.localeCompare(`${b.kind}${b.status}`));
    expect(sorted).toEqual([
      { kind: "notification", status: "failed", count: 2 },
      { kind: "notification", status: "pending", count: 1 },
      { kind: "recording_webhook", status: "delivered", count: 1 },
      { kind: "recording_webhook", status: "pending", count: 2 },
    ]);
  });

  test("subscriptions not revoked, by status, with their summed cost", async () => {
    expect(await c.repo.metrics.subscriptionCounts()).toEqual([]);
    await c.repo.eventsub.saveSubscription(sub("a", "1", "enabled", 1));
    await c.repo.eventsub.saveSubscription(sub("b", "2", "enabled", 0));
    await c.repo.eventsub.saveSubscription(sub("c", "3", "webhook_callback_verification_pending", 1));
    await c.repo.eventsub.saveSubscription(sub("d", "4", "enabled", 1));
    await c.repo.eventsub.revoke("d", "user_removed");
    expect(await c.repo.metrics.subscriptionCounts()).toEqual([
      { status: "enabled", count: 2, cost: 1 },
      { status: "webhook_callback_verification_pending", count: 1, cost: 1 },
    ]);
  });
});
