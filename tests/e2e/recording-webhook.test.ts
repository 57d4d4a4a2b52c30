import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { InvalidInputError } from "../../src/domain/errors.ts";
import type { Delivery, FrozenPart } from "../../src/domain/webhooks.ts";
import { terminalMessageId } from "../../src/domain/webhooks.ts";
import { WebhookDispatcher } from "../../src/recording-webhook/dispatcher.ts";
import { quiet, simulator } from "../support/recorder.ts";
import {
  deliveryOf,
  endedRecording,
  receiverOutbound,
  settledDelivery,
  setup as setupWith,
  sha256,
} from "../support/webhook-fixture.ts";
import { startWebhookReceiver, until } from "../support/webhook-receiver.ts";

// The recording webhook end to end: real recordings from the simulator, a real SQLite outbox, a real
// receiver on loopback that checks every signature, and the signed download route mounted as the app mounts it.
const sim = simulator({ warp: 4, seed: 43 });
const receiver = startWebhookReceiver();
afterAll(() => {
  sim.stop();
  receiver.stop();
});
const setup = () => setupWith(sim, receiver);
describe("recording webhook", () => {
  test("a completed recording sends one signed message whose links download the part's exact bytes", async () => {
    const ctx = await setup();
    try {
      await ctx.dispatcher.start(ctx.origin);
      const path = await ctx.configure("/completed");
      // The signing secret the owner sees is stored sealed: the database alone does not give it away.
      const stored = (await ctx.repo.serverSettings.get()).recording_webhook_secret ?? "";
      const shown = (await ctx.webhooks.config()).secret ?? "";
      expect([stored.startsWith("v1."), shown.length > 20, stored.includes(shown)]).toEqual([
        true,
        true,
        false,
      ]);
      // The outbox row is written in the transaction that ends the recording: it is there the moment the
      // recorder announces the end, before anything else could run.
      const atFinish: Promise<Delivery | undefined>[] = [];
      ctx.bus.on("recording.finished", () =>
        atFinish.push(ctx.repo.webhookDeliveries.listRecent(5).then((l) => l[0])),
      );

      const login = "hook_speedrunner";
      const started = await ctx.record(login);
      await sim.until(login, 12);
      await sim.control(`/channels/${login}/offline`, { end: "endlist" });
      await ctx.recorder.idle();
      const rowAtFinish = await atFinish[0];
      expect(rowAtFinish).toMatchObject({
        event: "recording.completed",
        video_id: started.videoId,
        message_id: terminalMessageId("recording.completed", started.videoId),
      });

      const delivery = await settledDelivery(ctx.repo, started.videoId);
      expect(delivery).toMatchObject({ status: "delivered", attempts: 1, last_status: 200 });
      const messages = receiver.at(path);
      expect(messages).toHaveLength(1);
      const [message] = messages;
      expect(message).toMatchObject({
        verified: true,
        event: "recording.completed",
        id: delivery.message_id,
        userAgent: "Replayd-Webhook/1",
      });
      const body = message?.body as {
        status: string;
        video_id: number;
        broadcaster_login: string;
        parts: (FrozenPart & { download_url: string })[];
      };
      expect(body).toMatchObject({
        version: 1,
        status: "DONE",
        video_id: started.videoId,
        broadcaster_login: login,
      });
      expect(body.parts).toHaveLength(1);
      expect(delivery.frozen_parts ?? []).toEqual(body.parts.map(({ download_url: _, ...p }) => p));

      const part = body.parts[0] as (typeof body.parts)[0];
      const onDisk = await Bun.file(join(ctx.storage.localPath(part.path) ?? "")).arrayBuffer();
      expect(onDisk.byteLength).toBe(part.size_bytes);
      const download = await fetch(part.download_url);
      expect(download.status).toBe(200);
      expect(download.headers.get("content-disposition")).toStartWith("attachment;");
      expect(download.headers.get("content-type")).toBe("video/mp4");
      expect(sha256(await download.arrayBuffer())).toBe(sha256(onDisk));

      const ranged = await fetch(part.download_url, { headers: { Range: "bytes=100-1099" } });
      expect(ranged.status).toBe(206);
      expect(ranged.headers.get("content-range")).toBe(`bytes 100-1099/${part.size_bytes}`);
      expect(sha256(await ranged.arrayBuffer())).toBe(sha256(new Uint8Array(onDisk).subarray(100, 1100)));

      // Without a valid signature, or once expired, the answer is a flat 403.
      const tampered = part.download_url.replace(/sig=./, (s) => (s.endsWith("A") ? "sig=B" : "sig=A"));
      const expired = `${ctx.origin}${ctx.signer.path(started.videoId, 1, -10)}`;
      const otherPart = `${ctx.origin}${ctx.signer.path(started.videoId, 1)}`.replace(
        "/parts/1/",
        "/parts/2/",
      );
      for (const url of [tampered, expired, otherPart, part.download_url.split("?")[0] ?? ""]) {
        const res = await fetch(url);
        expect(res.status).toBe(403);
        expect(await res.text()).toBe("forbidden");
      }
    } finally {
      await ctx.close();
    }
  }, 90_000);

  test("a 500 is retried and then delivered, with the same message id", async () => {
    const ctx = await setup();
    try {
      await ctx.dispatcher.start(ctx.origin);
      const path = await ctx.configure("/flaky", [500]);
      const videoId = await endedRecording(ctx.repo, ctx.bus, "DONE");
      const delivery = await settledDelivery(ctx.repo, videoId);
      expect(delivery).toMatchObject({ status: "delivered", attempts: 2, last_status: 200 });
      const messages = receiver.at(path);
      expect(messages.map((m) => m.verified)).toEqual([true, true]);
      expect(new Set(messages.map((m) => m.id))).toEqual(new Set([delivery.message_id]));
    } finally {
      await ctx.close();
    }
  }, 30_000);

  test("a 400 is final: rejected after one attempt, never retried", async () => {
    const ctx = await setup();
    try {
      await ctx.dispatcher.start(ctx.origin);
      const path = await ctx.configure("/refuses", [400, 404]);
      const rejected = await endedRecording(ctx.repo, ctx.bus, "DONE");
      expect(await settledDelivery(ctx.repo, rejected)).toMatchObject({
        status: "rejected",
        attempts: 1,
        last_status: 400,
        last_error: "HTTP 400",
      });
      // A later delivery goes through the same dispatcher (404, also final); the first was not sent again.
      const second = await endedRecording(ctx.repo, ctx.bus, "FAILED");
      expect(await settledDelivery(ctx.repo, second)).toMatchObject({ status: "rejected", last_status: 404 });
      ctx.dispatcher.nudge();
      const third = await endedRecording(ctx.repo, ctx.bus, "DONE");
      expect(await settledDelivery(ctx.repo, third)).toMatchObject({ status: "delivered" });
      expect(receiver.at(path).map((m) => m.body.video_id)).toEqual([rejected, second, third]);

      // The owner can queue a rejected delivery again; it goes out at once.
      await ctx.webhooks.retryDelivery((await deliveryOf(ctx.repo, rejected))?.id ?? 0);
      await until(
        "the retried delivery",
        async () => (await deliveryOf(ctx.repo, rejected))?.status === "delivered",
      );
      expect(receiver.at(path)).toHaveLength(4);
    } finally {
      await ctx.close();
    }
  }, 30_000);

  test("a redirect is not followed", async () => {
    const ctx = await setup();
    try {
      await ctx.dispatcher.start(ctx.origin);
      const path = await ctx.configure("/moved", [{ status: 302, location: `${receiver.url}/elsewhere` }]);
      receiver.endpoint("/elsewhere", "");
      const videoId = await endedRecording(ctx.repo, ctx.bus, "DONE");
      const delivery = await settledDelivery(ctx.repo, videoId);
      expect(delivery).toMatchObject({ status: "rejected", attempts: 1, last_status: 302 });
      expect(delivery.last_error).toContain("not followed");
      expect(receiver.at(path)).toHaveLength(1);
      expect(receiver.at("/elsewhere")).toHaveLength(0);
    } finally {
      await ctx.close();
    }
  }, 30_000);

  test("the URL rules are checked again at send time: a URL that breaks them is never contacted", async () => {
    const ctx = await setup();
    try {
      await ctx.dispatcher.start(ctx.origin);
      await ctx.configure("/fine");
      // Saved around the API (an older version, or an edit in the database).
      await ctx.repo.serverSettings.update({ recording_webhook_url: "https://203.0.113.9/hook" });
      const videoId = await endedRecording(ctx.repo, ctx.bus, "DONE");
      const delivery = await settledDelivery(ctx.repo, videoId);
      expect(delivery).toMatchObject({ status: "failed", attempts: 1, last_status: null });
      expect(delivery.last_error).toBe(
        "the webhook URL points at 203.0.113.9, a reserved address: add 203.0.113.9 to WEBHOOK_ALLOWED_HOSTS to allow it",
      );
    } finally {
      await ctx.close();
    }
  }, 30_000);

  test("a cancelled recording sends recording.completed, marked cancelled, with its parts; with the webhook off nothing is queued", async () => {
    const ctx = await setup();
    try {
      await ctx.configure("/cancelled");
      await ctx.webhooks.updateConfig({ enabled: false });
      const off = await ctx.record("hook_quiet_channel");
      await sim.until("hook_quiet_channel", 4);
      await ctx.recorder.cancel(off.jobId);
      expect((await ctx.repo.videos.getById(off.videoId))?.status).toBe("DONE");
      expect(await ctx.repo.webhookDeliveries.listRecent(10)).toEqual([]);

      // Turned on during a recording: the settings at its end decide.
      const on = await ctx.record("hook_loud_channel");
      await ctx.webhooks.updateConfig({ enabled: true, events: ["recording.completed"] });
      await sim.until("hook_loud_channel", 4);
      await ctx.recorder.cancel(on.jobId);
      expect(await ctx.repo.webhookDeliveries.listRecent(10)).toEqual([
        expect.objectContaining({
          event: "recording.completed",
          video_id: on.videoId,
          dedupe_key: `recording.completed:${on.videoId}`,
          status: "pending",
        }),
      ]);
      // Sent once the dispatcher starts (it was not running): a queued message survives until then.
      await ctx.dispatcher.start(ctx.origin);
      const delivery = await settledDelivery(ctx.repo, on.videoId);
      expect(delivery.status).toBe("delivered");
      const [message] = receiver.at("/cancelled");
      expect(message?.body).toMatchObject({
        event: "recording.completed",
        status: "DONE",
        completion_kind: "cancelled",
        truncated: true,
      });
      // What was recorded before the cancel is kept, and downloadable.
      const parts = (message?.body.parts ?? []) as { download_url?: string }[];
      expect(parts.length).toBeGreaterThan(0);
      expect(parts.every((p) => p.download_url)).toBe(true);
      for (const login of ["hook_quiet_channel", "hook_loud_channel"])
        await sim.control(`/channels/${login}/offline`, { end: "endlist" });
    } finally {
      await ctx.close();
    }
  }, 60_000);

  test("a test delivery is sent at once, signed, and logged", async () => {
    const ctx = await setup();
    try {
      const path = await ctx.configure("/test-ok");
      await ctx.webhooks.updateConfig({ enabled: false });
      expect(await ctx.webhooks.testDelivery()).toEqual({ ok: true, status: 200 });
      const [message] = receiver.at(path);
      expect(message).toMatchObject({ verified: true, event: "recording.test" });
      expect(message?.body).toMatchObject({ version: 1, event: "recording.test", test: true });

      const failing = await ctx.configure("/test-broken", [503]);
      await ctx.webhooks.updateConfig({ enabled: false });
      expect(await ctx.webhooks.testDelivery()).toEqual({
        ok: false,
        status: 503,
        error: expect.stringContaining("HTTP 503"),
      });
      expect(receiver.at(failing)).toHaveLength(1);

      const log = await ctx.webhooks.deliveries();
      // Each test was sent once, and the log says so.
      expect(log.map((d) => [d.event, d.test, d.outcome, d.status, d.attempts])).toEqual([
        ["recording.test", true, "failed", 503, 1],
        ["recording.test", true, "delivered", 200, 1],
      ]);
    } finally {
      await ctx.close();
    }
  }, 30_000);

  test("settings are checked: the error names the field and the fix; turning it on makes a secret", async () => {
    const ctx = await setup();
    try {
      const refuse = async (input: unknown, message: RegExp) => {
        const err = await ctx.webhooks.updateConfig(input).catch((e: Error) => e);
        expect(err).toBeInstanceOf(InvalidInputError);
        expect((err as Error).message).toMatch(message);
      };
      await refuse({ enabled: true }, /^url: give the receiver's address/);
      // A name over http could resolve to the listed 127.0.0.1: only sending can tell. An address can be told now.
      await refuse(
        { enabled: true, url: "http://8.8.8.8/x" },
        /^url is plain http to 8\.8\.8\.8.*use https:\/\//,
      );
      // https is no pass to the local network: only WEBHOOK_ALLOWED_HOSTS (here 127.0.0.1) opens it, saved or not.
      await refuse(
        { enabled: true, url: "https://10.0.0.5/x" },
        /^url points at 10\.0\.0\.5, a private address: add 10\.0\.0\.5 to WEBHOOK_ALLOWED_HOSTS to allow it$/,
      );
      await refuse({ enabled: false, url: "https://[::1]/x" }, /^url points at \[::1\], a loopback address/);
      await refuse({ enabled: true, url: "https://u:p@hooks.example.com/x" }, /^url contains a user name/);
      await refuse({ enabled: true, url: "https://hooks.example.com/x", events: [] }, /^events: choose/);
      await refuse(
        { enabled: true, url: "https://hooks.example.com/x", events: ["recording.started"] },
        /^events\.0: /,
      );
      await refuse({ enabled: "yes" }, /^enabled: /);
      expect((await ctx.webhooks.config()).secret).toBeNull();

      const on = await ctx.webhooks.updateConfig({ enabled: true, url: "https://hooks.example.com/x" });
      expect(on).toMatchObject({ enabled: true, url: "https://hooks.example.com/x", events: [] });
      expect(on.secret).toMatch(/^[0-9a-f]{64}$/);
      const again = await ctx.webhooks.updateConfig({ enabled: true, events: ["recording.completed"] });
      expect(again.secret).toBe(on.secret);
      expect((await ctx.webhooks.regenerateSecret()).secret).not.toBe(on.secret);
    } finally {
      await ctx.close();
    }
  });

  test("shutdown drains within its budget; a send cut short goes out again at the next start", async () => {
    const ctx = await setup();
    try {
      await ctx.dispatcher.start(ctx.origin);
      const path = await ctx.configure("/slow", ["hang"]);
      const videoId = await endedRecording(ctx.repo, ctx.bus, "DONE");
      await until("the receiver to hold the message", () => receiver.at(path).length === 1);
      const began = performance.now();
      expect(await ctx.dispatcher.drain(200)).toBe(false);
      expect(performance.now() - began).toBeLessThan(1500);
      expect(await deliveryOf(ctx.repo, videoId)).toMatchObject({
        status: "pending",
        last_error: "interrupted by shutdown",
      });
      receiver.release();

      const next = new WebhookDispatcher({
        repo: ctx.repo,
        signer: ctx.signer,
        sealer: ctx.sealers.recordingWebhook,
        log: quiet,
        pollMs: 600_000,
        outbound: receiverOutbound(),
      });
      await next.start(ctx.origin);
      expect(await settledDelivery(ctx.repo, videoId)).toMatchObject({ status: "delivered" });
      expect(receiver.at(path)).toHaveLength(2);
      await next.drain(1000);
    } finally {
      await ctx.close();
    }
  }, 30_000);
});
