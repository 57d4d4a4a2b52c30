import { afterEach, describe, expect, test } from "bun:test";
import {
  type ReceivedMessage,
  type Receiver,
  startReceiver,
  type TestSim,
  testSim,
} from "../../tests/support/sim.ts";
import { apiWorld } from "./api-world.ts";
import { signatureMatches } from "./eventsub/signature.ts";

const SECRET = "receiver-secret-0123";
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function post(t: TestSim, path: string, body: unknown = {}) {
  return t.request(path, { method: "POST", body: JSON.stringify(body) });
}

function signed(m: ReceivedMessage): boolean {
  return signatureMatches(SECRET, m.id, m.timestamp, m.raw, m.signature);
}

const TYPES = { "stream.online": "1", "channel.update": "2", "stream.offline": "1" } as const;

/** A simulator with fast retries, a receiver, and enabled subscriptions of `types` on kitchen_lab. */
async function subscribed(
  types: (keyof typeof TYPES)[],
  respond?: (m: ReceivedMessage) => Response | Promise<Response> | undefined,
): Promise<{ t: TestSim; receiver: Receiver; subs: Record<string, string>; broadcaster: string }> {
  const t = testSim();
  const receiver = startReceiver(respond);
  cleanups.push(
    () => receiver.stop(),
    () => t.close(),
  );
  await post(t, "/sim/eventsub/delivery", { retry_backoff_ms: 5, timeout_ms: 1_000 });
  const token = await t.appToken();
  const users = (await (await t.helix("/users?login=kitchen_lab", token)).json()) as {
    data: { id: string }[];
  };
  const broadcaster = users.data[0]?.id ?? "";
  const subs: Record<string, string> = {};
  for (const type of types) {
    const res = await t.helix("/eventsub/subscriptions", token, {
      method: "POST",
      body: JSON.stringify({
        type,
        version: TYPES[type],
        condition: { broadcaster_user_id: broadcaster },
        transport: { method: "webhook", callback: receiver.url, secret: SECRET },
      }),
    });
    subs[type] = ((await res.json()) as { data: { id: string }[] }).data[0]?.id ?? "";
  }
  await apiWorld(t.sim.ctx).webhooks.idle();
  return { t, receiver, subs, broadcaster };
}

const notification = (type: string) => (m: ReceivedMessage) =>
  m.type === "notification" && m.subscriptionType === type;

describe("EventSub webhook delivery", () => {
  test("a receiver gets the verification, then stream.online, channel.update and stream.offline, all signed", async () => {
    const { t, receiver, subs, broadcaster } = await subscribed([
      "stream.online",
      "channel.update",
      "stream.offline",
    ]);
    const verifications = receiver.messages.filter((m) => m.type === "webhook_callback_verification");
    expect(verifications).toHaveLength(3);

    await post(t, "/sim/channels/kitchen_lab/live", { title: "Rye", category_id: "26936" });
    const online = await receiver.waitFor(notification("stream.online"));
    await post(t, "/sim/channels/kitchen_lab/update", { title: "Spelt", category_id: "509658" });
    const update = await receiver.waitFor(notification("channel.update"));
    await post(t, "/sim/channels/kitchen_lab/offline");
    const offline = await receiver.waitFor(notification("stream.offline"));

    for (const m of [...verifications, online, update, offline]) {
      expect(signed(m)).toBe(true);
      expect(m.contentType).toBe("application/json");
      expect(m.retry).toBe(0);
      expect(m.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
      expect(Math.abs(Date.parse(m.timestamp) - Date.now())).toBeLessThan(60_000);
    }
    expect(new Set([...verifications, online, update, offline].map((m) => m.id)).size).toBe(6);
    expect([online.subscriptionVersion, update.subscriptionVersion, offline.subscriptionVersion]).toEqual([
      "1",
      "2",
      "1",
    ]);

    const state = (await (await t.request("/sim/state")).json()) as {
      channels: { login: string; session: { stream_id: string; started_at: string } }[];
    };
    const session = state.channels.find((c) => c.login === "kitchen_lab")?.session;
    const who = {
      broadcaster_user_id: broadcaster,
      broadcaster_user_login: "kitchen_lab",
      broadcaster_user_name: "KitchenLab",
    };
    expect(online.body).toEqual({
      subscription: {
        id: subs["stream.online"],
        status: "enabled",
        type: "stream.online",
        version: "1",
        condition: { broadcaster_user_id: broadcaster },
        created_at: expect.any(String),
        transport: { method: "webhook", callback: receiver.url },
        cost: 1,
      },
      event: {
        id: session?.stream_id,
        ...who,
        type: "live",
        started_at: expect.stringMatching(/^2026-04-12T12:00:00\.\d{9}Z$/),
      },
    } as never);
    expect(update.body.event).toEqual({
      ...who,
      title: "Spelt",
      language: "en",
      category_id: "509658",
      category_name: "Just Chatting",
      content_classification_labels: [],
    });
    expect(offline.body.event).toEqual(who);
  });

  test("only subscriptions for the channel and the event type are notified", async () => {
    const { t, receiver } = await subscribed(["stream.offline"]);
    await post(t, "/sim/channels/code_garden/live");
    await post(t, "/sim/channels/kitchen_lab/live");
    await post(t, "/sim/channels/kitchen_lab/offline");
    await receiver.waitFor(notification("stream.offline"));
    await apiWorld(t.sim.ctx).webhooks.idle();
    expect(receiver.messages.filter((m) => m.type === "notification")).toHaveLength(1);
  });

  test("a failed delivery is retried with the same Message-Id and a growing Retry count", async () => {
    let failures = 2;
    const { t, receiver } = await subscribed(["stream.online"], (m) =>
      m.type === "notification" && failures-- > 0 ? new Response("busy", { status: 503 }) : undefined,
    );
    await post(t, "/sim/channels/kitchen_lab/live");
    await receiver.waitFor((m) => m.type === "notification" && m.retry === 2);
    await apiWorld(t.sim.ctx).webhooks.idle();
    const attempts = receiver.messages.filter((m) => m.type === "notification");
    expect(attempts.map((m) => m.retry)).toEqual([0, 1, 2]);
    expect(new Set(attempts.map((m) => m.id)).size).toBe(1);
    expect(new Set(attempts.map((m) => m.raw)).size).toBe(1);
    expect(attempts.every(signed)).toBe(true);
    const listing = (await (await t.request("/sim/state")).json()) as { subscriptions: { status: string }[] };
    expect(listing.subscriptions.map((s) => s.status)).toEqual(["enabled"]);
  });

  test("a receiver slower than timeout_ms fails the attempt, and the message comes again", async () => {
    let slow = true;
    const { t, receiver } = await subscribed(["stream.online"], (m) => {
      if (m.type !== "notification" || !slow) return undefined;
      slow = false;
      // A receiver that takes longer to answer than the simulator waits (timeout_ms is 100 below).
      return Bun.sleep(400).then(() => new Response(null, { status: 204 }));
    });
    await post(t, "/sim/eventsub/delivery", { timeout_ms: 100 });
    await post(t, "/sim/channels/kitchen_lab/live");
    const retried = await receiver.waitFor((m) => m.type === "notification" && m.retry === 1);
    const world = apiWorld(t.sim.ctx);
    await world.webhooks.idle();
    const attempts = world.webhooks.deliveries().filter((d) => d.message_type === "notification");
    expect(attempts.map((d) => [d.retry, d.outcome])).toEqual([
      [0, "timeout"],
      [1, 204],
    ]);
    expect(attempts.every((d) => d.message_id === retried.id)).toBe(true);
  });

  test("when every attempt fails, the subscription is revoked as notification_failures_exceeded", async () => {
    const { t, receiver, subs } = await subscribed(["stream.online"], (m) =>
      m.type === "notification" ? new Response("down", { status: 500 }) : undefined,
    );
    await post(t, "/sim/eventsub/delivery", { max_attempts: 3 });
    await post(t, "/sim/channels/kitchen_lab/live");
    const revocation = await receiver.waitFor((m) => m.type === "revocation");
    expect(receiver.messages.filter((m) => m.type === "notification").map((m) => m.retry)).toEqual([0, 1, 2]);
    expect(revocation.body).toEqual({
      subscription: expect.objectContaining({
        id: subs["stream.online"],
        status: "notification_failures_exceeded",
      }),
    });
    expect(signed(revocation)).toBe(true);
    // Revoked: the next event is not sent.
    await post(t, "/sim/channels/kitchen_lab/offline");
    await post(t, "/sim/channels/kitchen_lab/live");
    await apiWorld(t.sim.ctx).webhooks.idle();
    expect(receiver.messages.filter((m) => m.type === "notification")).toHaveLength(3);
  });

  test("POST /sim/eventsub/subscriptions/{id}/revoke sends a revocation with the given status", async () => {
    const { t, receiver, subs } = await subscribed(["stream.online"]);
    const res = await post(t, `/sim/eventsub/subscriptions/${subs["stream.online"]}/revoke`, {
      status: "user_removed",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: subs["stream.online"], status: "user_removed" });
    const revocation = await receiver.waitFor((m) => m.type === "revocation");
    expect(revocation.body.subscription.status).toBe("user_removed");
    expect(revocation.body).not.toHaveProperty("event");
    expect((await post(t, "/sim/eventsub/subscriptions/nope/revoke")).status).toBe(404);
    expect(
      (await post(t, `/sim/eventsub/subscriptions/${subs["stream.online"]}/revoke`, { status: "bored" }))
        .status,
    ).toBe(400);
  });

  test("stopping delivery abandons pending retries", async () => {
    const { t, receiver } = await subscribed(["stream.online"], (m) =>
      m.type === "notification" ? new Response(null, { status: 500 }) : undefined,
    );
    await post(t, "/sim/eventsub/delivery", { retry_backoff_ms: 60_000 });
    await post(t, "/sim/channels/kitchen_lab/live");
    await receiver.waitFor(notification("stream.online"));
    const started = performance.now();
    t.sim.close();
    await apiWorld(t.sim.ctx).webhooks.idle();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(receiver.messages.filter((m) => m.type === "notification")).toHaveLength(1);
  });
});

describe("EventSub fault switches", () => {
  test("webhook_duplicate_rate: the same message (same Message-Id and body) arrives twice", async () => {
    const { t, receiver } = await subscribed(["stream.online"]);
    await post(t, "/sim/faults", { webhook_duplicate_rate: 1 });
    await post(t, "/sim/channels/kitchen_lab/live");
    await receiver.waitFor(notification("stream.online"));
    await apiWorld(t.sim.ctx).webhooks.idle();
    const copies = receiver.messages.filter((m) => m.type === "notification");
    expect(copies).toHaveLength(2);
    expect(copies[0]?.id).toBe(copies[1]?.id as string);
    expect(copies[0]?.raw).toBe(copies[1]?.raw as string);
    expect(copies.every(signed)).toBe(true);
  });

  test("webhook_late: the timestamp is more than 10 minutes old, and still signed", async () => {
    const { t, receiver } = await subscribed(["stream.online"]);
    await post(t, "/sim/faults", { webhook_late: true });
    await post(t, "/sim/channels/kitchen_lab/live");
    const late = await receiver.waitFor(notification("stream.online"));
    expect(Date.now() - Date.parse(late.timestamp)).toBeGreaterThan(10 * 60_000);
    expect(signed(late)).toBe(true);
  });

  test("webhook_bad_signature_rate: the signature does not verify with the secret", async () => {
    const { t, receiver } = await subscribed(["stream.online"]);
    await post(t, "/sim/faults", { webhook_bad_signature_rate: 1 });
    await post(t, "/sim/channels/kitchen_lab/live");
    const bad = await receiver.waitFor(notification("stream.online"));
    expect(bad.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signed(bad)).toBe(false);
  });

  test("webhook_delay_ms: the message arrives after the delay", async () => {
    const { t, receiver } = await subscribed(["stream.online"]);
    await post(t, "/sim/faults", { webhook_delay_ms: 300 });
    const sent = performance.now();
    await post(t, "/sim/channels/kitchen_lab/live");
    const delayed = await receiver.waitFor(notification("stream.online"));
    expect(delayed.at - sent).toBeGreaterThanOrEqual(290);
  });

  test("the control request that triggers an event answers before the delayed webhook is sent", async () => {
    const { t, receiver } = await subscribed(["stream.online"]);
    await post(t, "/sim/faults", { webhook_delay_ms: 2_000 });
    const started = performance.now();
    expect((await post(t, "/sim/channels/kitchen_lab/live")).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(500);
    expect(receiver.messages.filter((m) => m.type === "notification")).toEqual([]);
    t.sim.close();
  });
});
