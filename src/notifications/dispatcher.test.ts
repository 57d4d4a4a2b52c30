import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startNotificationReceiver } from "../../tests/support/notification-receiver.ts";
import { notificationWorld } from "../../tests/support/notification-world.ts";
import { until } from "../../tests/support/until.ts";
import type { NotificationDelivery } from "../domain/notifications.ts";
import type { NewEventLog } from "../domain/ops.ts";
import { signatureMatches } from "../twitch/eventsub-signature.ts";
import { type TargetInput, targetInput } from "./inputs.ts";

// Each kind of target against a real receiver on loopback: an event-log entry is written through a booted
// replayd (so the bus announces it), the notifier queues it, the dispatcher sends it, and the receiver
// checks the request the real service expects.

const receiver = startNotificationReceiver();
afterAll(() => receiver.stop());

const TOKEN = "123456789:AAH-telegram-token-0123456789abcdef";
const WENT_LIVE: NewEventLog = {
  domain: "live",
  event_type: "online",
  severity: "info",
  message: "Speedy went live",
  broadcaster_id: "41",
  data: {
    broadcaster_login: "speedy",
    broadcaster_name: "Speedy",
    title: "Any% attempts",
    category_name: "Celeste",
  },
};

let world: Awaited<ReturnType<typeof notificationWorld>>;
let paths = 0;
/** A fresh receiver path (each test its own), with scripted answers. */
const path = (prefix: string, answers: Parameters<typeof receiver.script>[1] = []) => {
  const p = `/${prefix}-${++paths}`;
  receiver.script(p, answers);
  return p;
};
const target = (config: TargetInput["config"], extra: Partial<TargetInput> = {}) =>
  world.notifications.create(targetInput.parse({ name: "t", events: ["went_live"], config, ...extra }));
const settled = (targetId: number) =>
  until(`target ${targetId}'s delivery to settle`, async () => {
    const [d] = await world.repo.notifications.listRecent(5, targetId);
    return d && ["delivered", "rejected", "failed"].includes(d.status) ? (d as NotificationDelivery) : null;
  });

beforeEach(async () => {
  world = await notificationWorld();
  await world.dispatcher.start("https://replayd.example");
});
afterEach(() => world.close());

describe("each target gets the request its service documents", () => {
  test("Discord: an embed POSTed to the webhook URL", async () => {
    const hook = path("api/webhooks/123/discord-token");
    const t = await target({ kind: "discord", webhook_url: `${receiver.url}${hook}`, username: "replayd" });
    await world.repo.eventLogs.append(WENT_LIVE);
    expect(await settled(t.id)).toMatchObject({ status: "delivered", attempts: 1, last_status: 200 });
    const [req] = receiver.at(hook);
    expect(req?.method).toBe("POST");
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req?.body ?? "")).toEqual({
      username: "replayd",
      embeds: [
        {
          title: "Speedy is live",
          description: "Any% attempts\nCeleste\nhttps://www.twitch.tv/speedy",
          color: 0x9146ff,
          timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          url: "https://www.twitch.tv/speedy",
        },
      ],
    });
  });

  test("ntfy: POST <server>/<topic>, the text as body, ASCII headers", async () => {
    const topic = path("alerts").slice(1);
    const t = await target(
      { kind: "ntfy", server: receiver.url, topic, token: "tk_secret_123", priority: 4, tags: ["tv"] },
      { templates: { went_live: { title: "{channel} est en direct ☕", body: "{title}" } } },
    );
    await world.repo.eventLogs.append(WENT_LIVE);
    expect(await settled(t.id)).toMatchObject({ status: "delivered" });
    const [req] = receiver.at(`/${topic}`);
    expect(req?.body).toBe("Any% attempts");
    expect(req?.headers).toMatchObject({
      title: "=?UTF-8?B?U3BlZWR5IGVzdCBlbiBkaXJlY3Qg4piV?=",
      priority: "4",
      tags: "red_circle,tv",
      click: "https://www.twitch.tv/speedy",
      authorization: "Bearer tk_secret_123",
      "content-type": "text/plain; charset=utf-8",
    });
  });

  test("Telegram: the bot API path and its JSON", async () => {
    const base = path("tg");
    const t = await target({
      kind: "telegram",
      api_base: `${receiver.url}${base}`,
      bot_token: TOKEN,
      chat_id: "-100200",
    });
    await world.repo.eventLogs.append(WENT_LIVE);
    expect(await settled(t.id)).toMatchObject({ status: "delivered" });
    const [req] = receiver.all().filter((r) => r.path.startsWith(`${base}/`));
    expect(req?.path).toBe(`${base}/bot${TOKEN}/sendMessage`);
    expect(JSON.parse(req?.body ?? "")).toEqual({
      chat_id: "-100200",
      text: "<b>Speedy is live</b>\nAny% attempts\nCeleste\nhttps://www.twitch.tv/speedy",
      parse_mode: "HTML",
      disable_web_page_preview: true,
    });
  });

  test("Gotify: POST <server>/message with the application's key", async () => {
    const server = path("gotify");
    const t = await target({
      kind: "gotify",
      server: `${receiver.url}${server}`,
      app_token: "AgotifyKey",
      priority: 7,
    });
    await world.repo.eventLogs.append(WENT_LIVE);
    expect(await settled(t.id)).toMatchObject({ status: "delivered" });
    const [req] = receiver.at(`${server}/message`);
    expect(req?.headers["x-gotify-key"]).toBe("AgotifyKey");
    expect(JSON.parse(req?.body ?? "")).toMatchObject({
      title: "Speedy is live",
      message: "Any% attempts\nCeleste\nhttps://www.twitch.tv/speedy",
      priority: 7,
    });
  });

  test("JSON webhook: the event, message and data, signed with the secret", async () => {
    const hook = path("hook");
    const secret = "a-signing-secret-of-32-characters!!";
    const t = await target({ kind: "webhook", url: `${receiver.url}${hook}`, secret });
    const entry = await world.repo.eventLogs.append(WENT_LIVE);
    expect(await settled(t.id)).toMatchObject({ status: "delivered" });
    const [req] = receiver.at(hook);
    const h = req?.headers ?? {};
    expect(h["replayd-webhook-event"]).toBe("notification.went_live");
    const id = h["replayd-webhook-id"] ?? "";
    const verified = signatureMatches(
      secret,
      id,
      h["replayd-webhook-timestamp"] ?? "",
      req?.body ?? "",
      h["replayd-webhook-signature"] ?? "",
    );
    expect(verified).toBe(true);
    expect(JSON.parse(req?.body ?? "")).toEqual({
      event: "went_live",
      title: "Speedy is live",
      body: "Any% attempts\nCeleste\nhttps://www.twitch.tv/speedy",
      data: WENT_LIVE.data,
      at: entry.created_at,
    });
  });
});

describe("outcomes", () => {
  test("a 503 twice, then delivered: three attempts counted, the same message each time", async () => {
    const topic = path("flaky", [503, 503]).slice(1);
    const t = await target({ kind: "ntfy", server: receiver.url, topic });
    await world.repo.eventLogs.append(WENT_LIVE);
    expect(await settled(t.id)).toMatchObject({
      status: "delivered",
      attempts: 3,
      last_status: 200,
      last_error: null,
    });
    const bodies = receiver.at(`/${topic}`).map((r) => r.body);
    expect(bodies).toEqual(Array(3).fill("Any% attempts\nCeleste\nhttps://www.twitch.tv/speedy"));
  });

  test("a 400 is final: rejected after one attempt, with what the service said", async () => {
    const hook = path("api/webhooks/1/bad", [
      { status: 400, body: '{"message": "Invalid Webhook Token", "code": 50027}' },
    ]);
    const t = await target({ kind: "discord", webhook_url: `${receiver.url}${hook}` });
    await world.repo.eventLogs.append(WENT_LIVE);
    expect(await settled(t.id)).toMatchObject({
      status: "rejected",
      attempts: 1,
      last_status: 400,
      last_error: 'HTTP 400: {"message": "Invalid Webhook Token", "code": 50027}',
    });
    expect(receiver.at(hook)).toHaveLength(1);
  });

  test("a 429 waits as long as Retry-After asks", async () => {
    const server = path("busy");
    receiver.script(`${server}/message`, [{ status: 429, headers: { "Retry-After": "1" } }]);
    const t = await target({ kind: "gotify", server: `${receiver.url}${server}`, app_token: "k" });
    await world.repo.eventLogs.append(WENT_LIVE);
    expect(await settled(t.id)).toMatchObject({ status: "delivered", attempts: 2 });
    const [first, second] = receiver.at(`${server}/message`);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  test("Telegram's 429 says the wait in its body (parameters.retry_after), and it is waited", async () => {
    const base = path("tg-busy");
    const limited = JSON.stringify({ ok: false, error_code: 429, parameters: { retry_after: 1 } });
    receiver.script(`${base}/bot${TOKEN}/sendMessage`, [{ status: 429, body: limited }]);
    const t = await target({
      kind: "telegram",
      api_base: `${receiver.url}${base}`,
      bot_token: TOKEN,
      chat_id: "1",
    });
    await world.repo.eventLogs.append(WENT_LIVE);
    expect(await settled(t.id)).toMatchObject({ status: "delivered", attempts: 2 });
    const [first, second] = receiver.at(`${base}/bot${TOKEN}/sendMessage`);
    // Without the body's wait the retry would come after the 20 ms backoff of these tests.
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  test("one delivery per target and entry: an entry announced twice notifies once", async () => {
    const topic = path("once").slice(1);
    const t = await target({ kind: "ntfy", server: receiver.url, topic });
    const entry = await world.repo.eventLogs.append(WENT_LIVE);
    await settled(t.id);
    expect(await world.services.notifier.handle(entry)).toBe(0);
    expect(receiver.at(`/${topic}`)).toHaveLength(1);
  });

  test("targets not following the event or the channel, or turned off, get nothing", async () => {
    const topics = [path("other-event"), path("other-channel"), path("off")].map((p) => p.slice(1));
    await target(
      { kind: "ntfy", server: receiver.url, topic: topics[0] as string },
      { events: ["disk_low"] },
    );
    await target(
      { kind: "ntfy", server: receiver.url, topic: topics[1] as string },
      { broadcaster_ids: ["99"] },
    );
    await target({ kind: "ntfy", server: receiver.url, topic: topics[2] as string }, { enabled: false });
    const entry = await world.repo.eventLogs.append(WENT_LIVE);
    expect(await world.services.notifier.handle(entry)).toBe(0);
    expect(await world.repo.notifications.listRecent(10)).toEqual([]);
  });

  test("a delivery left mid-send by a dead process goes out at the next start", async () => {
    const topic = path("restart").slice(1);
    const t = await target({ kind: "ntfy", server: receiver.url, topic });
    await world.dispatcher.drain(1000);
    // Claimed (attempt 1) by a process that died before it stored an outcome.
    await world.repo.notifications.enqueue({
      target_id: t.id,
      event: "went_live",
      event_log_id: null,
      dedupe_key: "left-behind",
      title: "left",
      body: "behind",
      sending_now: true,
    });
    await world.dispatcher.start("https://replayd.example");
    expect(await settled(t.id)).toMatchObject({ status: "delivered", attempts: 2 });
    expect(receiver.at(`/${topic}`).map((r) => r.body)).toEqual(["behind"]);
  });

  test("a notification past an hour after its event is dropped, not sent late; a test send still goes", async () => {
    let skew = 0;
    const late = await notificationWorld("sqlite", undefined, () => Date.now() + skew);
    try {
      const topic = path("late").slice(1);
      const t = await late.notifications.create(
        targetInput.parse({
          name: "t",
          events: ["went_live"],
          config: { kind: "ntfy", server: receiver.url, topic },
        }),
      );
      await late.repo.notifications.enqueue({
        target_id: t.id,
        event: "went_live",
        event_log_id: null,
        dedupe_key: "queued-while-down",
        title: "went live",
        body: "an hour ago",
      });
      // The server starts 61 minutes after the event was queued (a `replayd record` run, or downtime).
      skew = 61 * 60_000;
      await late.dispatcher.start("https://replayd.example");
      const [dropped] = await until("the late delivery to settle", async () => {
        const rows = await late.repo.notifications.listRecent(5, t.id);
        return rows[0]?.status === "failed" ? rows : null;
      });
      expect(dropped?.last_error).toMatch(/^not sent: 61 min after its event, past the 60 min/);
      expect(receiver.at(`/${topic}`)).toEqual([]);
      expect(await late.notifications.test({ id: t.id, event: "went_live" })).toMatchObject({ ok: true });
      expect(receiver.at(`/${topic}`)).toHaveLength(1);
    } finally {
      await late.close();
    }
  });

  test("secrets never reach the log or the stored error", async () => {
    // A Telegram API nobody answers on: the network error is logged, the token in its URL is not.
    const t = await target({
      kind: "telegram",
      api_base: "http://127.0.0.1:9/tg",
      bot_token: TOKEN,
      chat_id: "1",
    });
    await world.repo.eventLogs.append(WENT_LIVE);
    const delivery = await settled(t.id);
    expect(delivery).toMatchObject({ status: "failed", attempts: 3, last_status: null });
    expect(delivery.last_error).toContain("could not be reached");
    const logged = world.logged();
    expect(logged).toContain("notification not sent");
    expect(logged).not.toContain(TOKEN);
    expect(logged).not.toContain(TOKEN.split(":")[1] as string);
    expect(JSON.stringify(await world.notifications.targets())).not.toContain(TOKEN.split(":")[1] as string);
  });
});

test("a test send goes through the outbox once and answers with the outcome", async () => {
  const hook = path("api/webhooks/9/test", [500]);
  const t = await target({ kind: "discord", webhook_url: `${receiver.url}${hook}` }, { enabled: false });
  expect(await world.notifications.test({ id: t.id })).toMatchObject({
    ok: false,
    status: 500,
    error: "HTTP 500: ok",
  });
  expect(await world.notifications.test({ id: t.id, event: "recording_failed" })).toMatchObject({
    ok: true,
    status: 200,
  });
  const log = await world.notifications.deliveries({ limit: 10 });
  expect(log.map((d) => [d.event, d.outcome, d.attempts])).toEqual([
    ["test", "delivered", 1],
    ["test", "failed", 1],
  ]);
  const [sent] = receiver
    .at(hook)
    .slice(-1)
    .map((r) => JSON.parse(r.body));
  expect(sent.embeds[0].title).toBe("[test] Recording of Speedrunner failed");
  // The failed one can be retried from the log: queued again and sent by the loop.
  const failed = log[1] as (typeof log)[0];
  expect(await world.notifications.retry(failed.id)).toMatchObject({ outcome: "pending", attempts: 0 });
  await until(
    "the retried test",
    async () => (await world.repo.notifications.getById(failed.id))?.status === "delivered",
  );
});
