import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DatabaseHandle, openDatabase } from "../../db/connection.ts";
import { migrate } from "../../db/migrate.ts";
import { createRepository, type Repository } from "../../db/repository.ts";
import type { EventSubNotification as Notification } from "../../domain/eventsub.ts";
import { EventSubInbox } from "../../eventsub/inbox.service.ts";
import { createLogger } from "../../log/logger.ts";
import { signMessage } from "../../twitch/eventsub-signature.ts";
import { MAX_BODY_BYTES, webhookRoutes } from "./eventsub.routes.ts";

const SECRET = "s3cr3t-of-the-eventsub-subscriptions";
const log = createLogger({ level: "fatal", format: "json" });
let db: DatabaseHandle | null = null;
afterEach(async () => {
  await db?.close();
  db = null;
});

async function receiver(
  options: { processing?: boolean; handler?: (n: Notification) => Promise<void> } = {},
) {
  db = await openDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), "replayd-hook-")), "t.db")}`);
  await migrate(db);
  const repo = createRepository(db);
  const handled: Notification[] = [];
  const app = webhookRoutes({
    inbox: new EventSubInbox({ repo }),
    secret: () => SECRET,
    processing: () => options.processing ?? true,
    onNotification: options.handler ?? (async (n) => void handled.push(n)),
    log,
  });
  return { app, repo, handled };
}

let counter = 0;
function message(
  type: "notification" | "webhook_callback_verification" | "revocation" = "notification",
  over: { id?: string; timestamp?: string; signature?: string; body?: string } = {},
) {
  const id = over.id ?? `msg-${++counter}`;
  const timestamp = over.timestamp ?? new Date().toISOString();
  const subscription = {
    id: "sub-1",
    type: "stream.online",
    version: "1",
    status: "enabled",
    condition: { broadcaster_user_id: "100001" },
  };
  const body =
    over.body ??
    JSON.stringify(
      type === "webhook_callback_verification"
        ? { subscription, challenge: "pogchamp-challenge" }
        : type === "revocation"
          ? { subscription: { ...subscription, status: "authorization_revoked" } }
          : { subscription, event: { broadcaster_user_id: "100001", id: "stream-1", type: "live" } },
    );
  return new Request("http://replayd/webhook/callback", {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "Twitch-Eventsub-Message-Id": id,
      "Twitch-Eventsub-Message-Timestamp": timestamp,
      "Twitch-Eventsub-Message-Signature": over.signature ?? signMessage(SECRET, id, timestamp, body),
      "Twitch-Eventsub-Message-Type": type,
    },
  });
}

/** A notification as Twitch would sign it, and the moment it was sent (within the replay window). */
const BODY = JSON.stringify({
  subscription: {
    id: "sub-1",
    type: "stream.online",
    version: "1",
    status: "enabled",
    condition: { broadcaster_user_id: "100001" },
  },
  event: { broadcaster_user_id: "100001", id: "stream-1", type: "live" },
});
const AT = new Date().toISOString();
const OLD = new Date(Date.now() - 11 * 60_000).toISOString();
const AHEAD = new Date(Date.now() + 11 * 60_000).toISOString();
const SIGNED = signMessage(SECRET, "msg-signed", AT, BODY);
const sent = (over: { id?: string; timestamp?: string; signature: string; body?: string }) => ({
  id: "msg-signed",
  timestamp: AT,
  body: BODY,
  ...over,
});

/**
 * What someone without the EventSub secret could send (the figure in docs/security.md): each is refused
 * before anything is audited or acted on. 403: the signature or the replay window; 400: no signature at all.
 */
const FORGERIES: [string, ReturnType<typeof sent>, number][] = [
  [
    "a timestamp over 10 minutes old",
    sent({ timestamp: OLD, signature: signMessage(SECRET, "msg-signed", OLD, BODY) }),
    403,
  ],
  [
    "a timestamp 11 minutes ahead",
    sent({ timestamp: AHEAD, signature: signMessage(SECRET, "msg-signed", AHEAD, BODY) }),
    403,
  ],
  [
    "a timestamp that is not a date",
    sent({ timestamp: "yesterday", signature: signMessage(SECRET, "msg-signed", "yesterday", BODY) }),
    403,
  ],
  ["a signature of zeros", sent({ signature: `sha256=${"0".repeat(64)}` }), 403],
  ["a signature over other bytes", sent({ signature: signMessage(SECRET, "other", AT, "{}") }), 403],
  [
    "signed with another secret",
    sent({ signature: signMessage("not-the-secret", "msg-signed", AT, BODY) }),
    403,
  ],
  [
    "the event changed after signing",
    sent({ signature: SIGNED, body: BODY.replace("stream-1", "stream-2") }),
    403,
  ],
  ["a space added to the body after signing", sent({ signature: SIGNED, body: `${BODY} ` }), 403],
  [
    "a new message id on a signed message (a replay past dedupe)",
    sent({ id: "msg-new", signature: SIGNED }),
    403,
  ],
  [
    "an old signed message with a fresh timestamp",
    sent({ signature: signMessage(SECRET, "msg-signed", OLD, BODY) }),
    403,
  ],
  [
    "id, timestamp and body signed in another order",
    sent({ signature: signMessage(SECRET, AT, "msg-signed", BODY) }),
    403,
  ],
  ["the signature without its sha256= prefix", sent({ signature: SIGNED.slice("sha256=".length) }), 403],
  ["the signature cut short", sent({ signature: SIGNED.slice(0, 40) }), 403],
  ["the signature with a character more", sent({ signature: `${SIGNED}0` }), 403],
  ["another algorithm named", sent({ signature: SIGNED.replace("sha256=", "sha512=") }), 403],
  ["an empty signature", sent({ signature: "" }), 400],
];

async function settle(repo: Repository, count: number, timeoutMs = 20_000) {
  const started = Date.now();
  let processed = 0;
  while (Date.now() - started < timeoutMs) {
    const events = await repo.webhookEvents.listRecent(count + 10);
    processed = events.filter((e) => e.status !== "received").length;
    if (processed >= count) return events;
    await Bun.sleep(10);
  }
  throw new Error(`${processed} of ${count} notifications were processed`);
}

describe("EventSub webhook receiver", () => {
  test("a signed notification is answered 204 at once, audited, and handled once", async () => {
    const { app, repo, handled } = await receiver();
    const res = await app.request(message());
    expect(res.status).toBe(204);
    const [event] = await settle(repo, 1);
    expect(event).toMatchObject({
      message_type: "notification",
      event_type: "stream.online",
      broadcaster_id: "100001",
      status: "processed",
    });
    expect(handled.map((n) => n.event.id)).toEqual(["stream-1"]);
  });

  test("the same message delivered twice is handled once", async () => {
    const { app, repo, handled } = await receiver();
    expect((await app.request(message("notification", { id: "dup" }))).status).toBe(204);
    expect((await app.request(message("notification", { id: "dup" }))).status).toBe(204);
    await settle(repo, 1);
    expect(handled).toHaveLength(1);
    expect(await repo.webhookEvents.listRecent(10)).toHaveLength(1);
  });

  test("the message the forgeries start from, sent as signed, is taken", async () => {
    const { app, repo, handled } = await receiver();
    expect((await app.request(message("notification", sent({ signature: SIGNED })))).status).toBe(204);
    await settle(repo, 1);
    expect(handled.map((n) => n.event.id)).toEqual(["stream-1"]);
  });

  test.each(FORGERIES)("a forgery, %s, is refused and changes nothing", async (_name, over, status) => {
    const { app, repo, handled } = await receiver();
    expect((await app.request(message("notification", over))).status).toBe(status);
    expect(await repo.webhookEvents.listRecent(10)).toEqual([]);
    expect(handled).toEqual([]);
  });

  test("missing headers are a 400; a body over 1 MiB a 413", async () => {
    const { app } = await receiver();
    const bare = new Request("http://replayd/webhook/callback", { method: "POST", body: "{}" });
    expect((await app.request(bare)).status).toBe(400);
    const huge = message("notification", { body: JSON.stringify({ padding: "x".repeat(MAX_BODY_BYTES) }) });
    expect((await app.request(huge)).status).toBe(413);
  });

  test("verification echoes the challenge as text/plain", async () => {
    const { app } = await receiver();
    const res = await app.request(message("webhook_callback_verification"));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/plain");
    expect(await res.text()).toBe("pogchamp-challenge");
  });

  test("an answered challenge shows the mirrored subscription enabled, whichever lands first", async () => {
    const { app, repo } = await receiver();
    await repo.channels.upsert({
      broadcaster_id: "100001",
      broadcaster_login: "kitchen_lab",
      broadcaster_name: "KitchenLab",
    });
    const pending = {
      id: "sub-1",
      status: "webhook_callback_verification_pending",
      type: "channel.update",
      version: "2",
      cost: 1,
      condition: { broadcaster_user_id: "100001" },
      transport_method: "webhook",
      transport_callback: "https://replayd.example/api/v1/webhook/callback",
      twitch_created_at: "2026-11-28T11:59:59.000Z",
    };
    const challenge = (subscription: Record<string, unknown>) =>
      message("webhook_callback_verification", {
        body: JSON.stringify({ subscription, challenge: "pogchamp-challenge" }),
      });
    // The create's answer was mirrored first: the challenge enables it.
    await repo.eventsub.saveSubscription(pending);
    const res = await app.request(challenge({ ...pending, status: "webhook_callback_verification_pending" }));
    expect(await res.text()).toBe("pogchamp-challenge");
    expect((await repo.eventsub.getSubscription("sub-1"))?.status).toBe("enabled");

    // The challenge came first (Twitch's full description in the message), then the create's answer.
    const early = {
      id: "sub-2",
      type: "stream.online",
      version: "1",
      status: "webhook_callback_verification_pending",
      cost: 1,
      condition: { broadcaster_user_id: "100001" },
      created_at: "2026-11-28T12:00:00.123456789Z",
      transport: { method: "webhook", callback: "https://replayd.example/api/v1/webhook/callback" },
    };
    expect((await app.request(challenge(early))).status).toBe(200);
    expect(await repo.eventsub.getSubscription("sub-2")).toMatchObject({
      status: "enabled",
      broadcaster_id: "100001",
      twitch_created_at: "2026-11-28T12:00:00.123Z",
    });
    await repo.eventsub.saveSubscription({ ...pending, id: "sub-2", type: "stream.online", version: "1" });
    expect((await repo.eventsub.getSubscription("sub-2"))?.status).toBe("enabled");
    const audited = await repo.webhookEvents.listRecent(10);
    expect(audited.map((e) => e.status)).toEqual(["processed", "processed"]);
  });

  test("a revocation marks the mirrored subscription revoked", async () => {
    const { app, repo } = await receiver();
    await repo.channels.upsert({
      broadcaster_id: "100001",
      broadcaster_login: "kitchen_lab",
      broadcaster_name: "KitchenLab",
    });
    await repo.eventsub.saveSubscription({
      id: "sub-1",
      status: "enabled",
      type: "stream.online",
      version: "1",
      cost: 1,
      condition: { broadcaster_user_id: "100001" },
      broadcaster_id: "100001",
      transport_method: "webhook",
      transport_callback: "https://replayd.example/api/v1/webhook/callback",
      twitch_created_at: new Date().toISOString(),
    });
    expect((await app.request(message("revocation"))).status).toBe(204);
    expect((await repo.eventsub.getSubscription("sub-1"))?.revoked_reason).toBe("authorization_revoked");
  });

  test("outside direct/relay mode, notifications are only audited", async () => {
    const { app, repo, handled } = await receiver({ processing: false });
    expect((await app.request(message())).status).toBe(204);
    await settle(repo, 1);
    expect(handled).toEqual([]);
  });

  test("a flood of 1,000 notifications: no 5xx, none lost, each handled once, never more than 4 at a time", async () => {
    let running = 0;
    let peak = 0;
    const seen = new Set<string>();
    const { app, repo } = await receiver({
      handler: async (n) => {
        running++;
        peak = Math.max(peak, running);
        await Bun.sleep(1);
        seen.add(String(n.event.id));
        running--;
      },
    });
    const responses = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        app.request(
          message("notification", {
            body: JSON.stringify({
              subscription: {
                id: "sub-1",
                type: "stream.online",
                version: "1",
                status: "enabled",
                condition: { broadcaster_user_id: "100001" },
              },
              event: { broadcaster_user_id: "100001", id: `stream-${i}` },
            }),
          }),
        ),
      ),
    );
    expect(responses.filter((r) => r.status !== 204)).toEqual([]);
    const started = Date.now();
    while (seen.size < 1000 && Date.now() - started < 20_000) await Bun.sleep(10);
    expect(seen.size).toBe(1000);
    // (The audit list answers at most 500 rows at a time: the newest are all processed.)
    await settle(repo, 500);
    expect(peak).toBeLessThanOrEqual(4);
  }, 60_000);
});
