import { expect, test } from "bun:test";
import { ConflictError } from "../../domain/errors.ts";
import type { SubscriptionMirror } from "../../domain/eventsub.ts";
import { contract } from "./harness.ts";

const sub = (
  id: string,
  broadcaster: string,
  type = "stream.online",
  extra: Partial<SubscriptionMirror> = {},
): SubscriptionMirror => ({
  id,
  status: "webhook_callback_verification_pending",
  type,
  version: "1",
  cost: 1,
  condition: { broadcaster_user_id: broadcaster },
  transport_method: "webhook",
  transport_callback: "https://example.com/api/v1/webhook/callback",
  twitch_created_at: "2026-11-28T11:59:59.000Z",
  ...extra,
});

contract("EventSub mirror", (c) => {
  test("a subscription is stored as Twitch returned it, its channel taken from the condition", async () => {
    const saved = await c.repo.eventsub.saveSubscription(sub("s1", "42"));
    expect(saved).toMatchObject({
      id: "s1",
      broadcaster_id: "42",
      condition: { broadcaster_user_id: "42" },
      revoked_at: null,
    });
    const enabled = await c.repo.eventsub.saveSubscription(
      sub("s1", "42", "stream.online", { status: "enabled" }),
    );
    expect(enabled.status).toBe("enabled");
    expect((await c.repo.eventsub.getActive("42", "stream.online"))?.id).toBe("s1");
  });

  test("a late 'pending' answer does not undo a verification already seen", async () => {
    // The receiver answered the challenge (enabled) before the create's own answer was mirrored.
    await c.repo.eventsub.saveSubscription(sub("s1", "42", "channel.update", { status: "enabled" }));
    const saved = await c.repo.eventsub.saveSubscription(sub("s1", "42", "channel.update", { cost: 0 }));
    expect(saved).toMatchObject({ status: "enabled", cost: 0 });
    // Any other status still replaces it (Twitch is the truth).
    const failed = await c.repo.eventsub.saveSubscription(
      sub("s1", "42", "channel.update", { status: "notification_failures_exceeded" }),
    );
    expect(failed.status).toBe("notification_failures_exceeded");
  });

  test("one active subscription per channel and type; revoking frees the slot", async () => {
    await c.repo.eventsub.saveSubscription(sub("s1", "42"));
    await c.repo.eventsub.saveSubscription(sub("s2", "42", "stream.offline"));
    await expect(c.repo.eventsub.saveSubscription(sub("s3", "42"))).rejects.toBeInstanceOf(ConflictError);
    expect(await c.repo.eventsub.revoke("s1", "callback changed")).toBe(true);
    expect(await c.repo.eventsub.revoke("s1", "again")).toBe(false);
    await c.repo.eventsub.saveSubscription(sub("s3", "42"));
    const active = await c.repo.eventsub.listActive({ limit: 10, offset: 0 });
    expect(active.total).toBe(2);
    expect(active.data.map((s) => s.id).sort()).toEqual(["s2", "s3"]);
    expect(await c.repo.eventsub.getSubscription("s1")).toMatchObject({
      revoked_reason: "callback changed",
      revoked_at: c.clock.iso(),
    });
    expect((await c.repo.eventsub.listActiveByType("stream.online")).map((s) => s.id)).toEqual(["s3"]);
  });

  test("quota snapshots keep each subscription's cost at the time, newest first", async () => {
    await c.repo.eventsub.saveSubscription(sub("s1", "1"));
    const first = await c.repo.eventsub.saveSnapshot({
      total: 1,
      total_cost: 1,
      max_total_cost: 10000,
      fetched_at: "2026-11-28T10:00:00.000Z",
      subscriptions: [{ id: "s1", cost: 1, status: "enabled" }],
    });
    const second = await c.repo.eventsub.saveSnapshot({
      total: 2,
      total_cost: 2,
      max_total_cost: 10000,
      fetched_at: "2026-11-28T11:00:00.000Z",
      subscriptions: [
        { id: "s1", cost: 1, status: "enabled" },
        { id: "unknown-to-us", cost: 1, status: "enabled" },
      ],
    });
    expect((await c.repo.eventsub.latestSnapshot())?.id).toBe(second.id);
    expect((await c.repo.eventsub.listSnapshots({ limit: 10, offset: 0 })).map((s) => s.id)).toEqual([
      second.id,
      first.id,
    ]);
    expect(first).toMatchObject({ total: 1, fetched_at: "2026-11-28T10:00:00.000Z" });
  });
});

contract("received webhooks", (c) => {
  const event = (event_id: string, subscription_id: string | null = null) => ({
    event_id,
    message_type: "notification" as const,
    event_type: "stream.online",
    subscription_id,
    broadcaster_id: "42",
    message_timestamp: "2026-11-28T11:59:00.000Z",
    payload: { event: { broadcaster_user_id: "42", type: "live" }, nested: [1, true, null] },
  });

  test("a redelivered message is a duplicate and is not stored twice", async () => {
    const first = await c.repo.webhookEvents.receive(event("m1"));
    expect(first.duplicate).toBe(false);
    expect(first.event).toMatchObject({
      status: "received",
      payload: event("m1").payload,
      received_at: c.clock.iso(),
    });
    const again = await c.repo.webhookEvents.receive(event("m1"));
    expect(again).toEqual({ event: first.event, duplicate: true });
    expect(await c.repo.webhookEvents.listRecent(10)).toHaveLength(1);
  });

  test("the subscription is linked only when we mirror it", async () => {
    await c.repo.eventsub.saveSubscription({
      id: "s1",
      status: "enabled",
      type: "stream.online",
      version: "1",
      cost: 1,
      condition: { broadcaster_user_id: "42" },
      transport_method: "webhook",
      transport_callback: null,
      twitch_created_at: c.clock.iso(),
    });
    expect((await c.repo.webhookEvents.receive(event("m1", "s1"))).event.subscription_id).toBe("s1");
    expect((await c.repo.webhookEvents.receive(event("m2", "s-unknown"))).event.subscription_id).toBeNull();
  });

  test("processing outcomes are stored, and old payloads trimmed", async () => {
    const a = (await c.repo.webhookEvents.receive(event("a"))).event;
    const b = (await c.repo.webhookEvents.receive(event("b"))).event;
    await c.repo.webhookEvents.markProcessed(a.id);
    await c.repo.webhookEvents.markFailed(b.id, "no such channel");
    c.clock.advance(8 * 24 * 3600_000);
    const fresh = (await c.repo.webhookEvents.receive(event("c"))).event;
    expect(
      await c.repo.webhookEvents.trimPayloads(
        new Date(Date.parse(c.clock.iso()) - 7 * 24 * 3600_000).toISOString(),
      ),
    ).toBe(2);
    const byId = new Map((await c.repo.webhookEvents.listRecent(10)).map((e) => [e.id, e]));
    expect(byId.get(a.id)).toMatchObject({ status: "processed", payload: null });
    expect(byId.get(b.id)).toMatchObject({ status: "failed", error: "no such channel", payload: null });
    expect(byId.get(fresh.id)?.payload).toEqual(event("c").payload);
  });
});
