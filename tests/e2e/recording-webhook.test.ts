import { afterAll, describe, expect, test } from "bun:test";
import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bus } from "../../src/bus/bus.ts";
import { openDatabase } from "../../src/db/connection.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createRepository, type Repository } from "../../src/db/repository.ts";
import { InvalidInputError } from "../../src/domain/errors.ts";
import type { Delivery, FrozenPart } from "../../src/domain/webhooks.ts";
import { createHttpApp } from "../../src/http/app.ts";
import { PartDownloadSigner } from "../../src/http/signed-url.ts";
import type { RecorderEvents } from "../../src/recorder/events.ts";
import { RecorderService } from "../../src/recorder/recorder.service.ts";
import { DEFAULT_SETTINGS } from "../../src/recorder/recording.ts";
import { LocalStorage } from "../../src/storage/local.storage.ts";
import { twitchEndpoints } from "../../src/twitch/endpoints.ts";
import { PlaybackClient, tokenChannel } from "../../src/twitch/playback.client.ts";
import { WebhookDispatcher } from "../../src/webhooks/dispatcher.ts";
import { terminalDelivery, terminalEvent, terminalMessageId } from "../../src/webhooks/messages.ts";
import { partDownloadRoutes } from "../../src/webhooks/part-download.routes.ts";
import { RecordingWebhookService } from "../../src/webhooks/webhook.service.ts";
import { quiet, simulator } from "../support/recorder.ts";
import { startWebhookReceiver, until } from "../support/webhook-receiver.ts";

// The recording webhook end to end: real recordings from the simulator, a real SQLite outbox, a real
// receiver on loopback that checks every signature, and the signed download route behind the real HTTP app.
const sim = simulator({ warp: 4, seed: 43 });
const receiver = startWebhookReceiver();
afterAll(() => {
  sim.stop();
  receiver.stop();
});
const LIVE = { segment_seconds: 0.5, ladder: ["360p30"], window_segments: 30, bitrate_kbps: 300 };

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), "replayd-webhook-"));
  const db = await openDatabase(`sqlite:${join(dir, "replayd.db")}`);
  await migrate(db);
  const repo = createRepository(db);
  const storage = new LocalStorage(dir);
  const bus = new Bus<RecorderEvents>();
  const signer = new PartDownloadSigner("a-session-secret-of-at-least-32-characters");
  const http = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: createHttpApp({
      log: quiet,
      dashboard: {},
      pingDatabase: () => db.ping(),
      apiRoutes: [partDownloadRoutes({ repo, storage, signer })],
    }).fetch,
  });
  const origin = `http://127.0.0.1:${http.port}`;
  // A long poll: every send in these tests is woken by the bus, a nudge or a scheduled retry.
  const dispatcher = new WebhookDispatcher({
    repo,
    signer,
    bus,
    log: quiet,
    pollMs: 600_000,
    retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 1000 },
  });
  const webhooks = new RecordingWebhookService({ repo, nudge: () => dispatcher.nudge(), log: quiet });
  const endpoints = twitchEndpoints({
    client_id: "",
    client_secret: "",
    simulator_url: sim.url,
    helix_url: "",
    oauth_url: "",
    gql_url: "",
    usher_url: "",
  });
  const playback = new PlaybackClient({ endpoints });
  const recorder = new RecorderService({
    repo,
    playback,
    imagesOrigin: endpoints.images,
    storage,
    scratchRoot: join(dir, "scratch"),
    ffmpegPath: "ffmpeg",
    ffprobePath: "ffprobe",
    log: quiet,
    bus,
    settings: { ...DEFAULT_SETTINGS, maxRestartGapSeconds: 1, rejoinPollSeconds: 0.2 },
    maxConcurrent: 2,
  });
  const record = async (login: string) => {
    await sim.control("/users", { login });
    await sim.control(`/channels/${login}/live`, LIVE);
    const channel = tokenChannel(await playback.accessToken(login));
    if (!channel) throw new Error("no channel id in the token");
    await repo.channels.upsert({
      broadcaster_id: channel.id,
      broadcaster_login: login,
      broadcaster_name: login,
    });
    return recorder.start({
      broadcaster: { id: channel.id, login, name: login },
      quality: "source",
      recordingType: "video",
      forceH264: false,
    });
  };
  /** Points the webhook at a receiver path with scripted answers, and returns the path. */
  const configure = async (path: string, answers: Parameters<typeof receiver.endpoint>[2] = []) => {
    const config = await webhooks.updateConfig({ enabled: true, url: `${receiver.url}${path}` });
    receiver.endpoint(path, config.secret ?? "", answers);
    return path;
  };
  const close = async () => {
    await dispatcher.drain(2000);
    await recorder.shutdown();
    http.stop(true);
    await db.close();
  };
  return { repo, storage, bus, signer, origin, dispatcher, webhooks, recorder, record, configure, close };
}

let channels = 0;
/** A recording that ended (without the simulator), finished the way the recorder finishes one. */
async function endedRecording(repo: Repository, bus: Bus<RecorderEvents>, status: "DONE" | "FAILED") {
  const n = ++channels;
  await repo.channels.upsert({
    broadcaster_id: `9000${n}`,
    broadcaster_login: `hook_${n}`,
    broadcaster_name: `Hook ${n}`,
  });
  const jobId = randomUUID();
  const { video } = await repo.recordings.start({
    job_id: jobId,
    filename: `hook-${n}-${jobId.slice(0, 8)}`,
    display_name: `Hook ${n}`,
    title: "Speedrun practice",
    quality: "source",
    recording_type: "video",
    force_h264: false,
    broadcaster_id: `9000${n}`,
    language: "en",
  });
  await repo.transaction(async (tx) => {
    const settings = await tx.serverSettings.get();
    await tx.recordings.finish({
      job_id: jobId,
      status,
      completion_kind: "complete",
      truncated: false,
      webhook: terminalDelivery(settings, terminalEvent(status), video.id),
    });
  });
  bus.emit("recording.finished", { job_id: jobId, outcome: status === "DONE" ? "finished" : "failed" });
  return video.id;
}

const deliveryOf = async (repo: Repository, videoId: number) =>
  (await repo.webhookDeliveries.listRecent(100)).find((d) => d.video_id === videoId);
const settledDelivery = (repo: Repository, videoId: number) =>
  until(`the delivery of video ${videoId} to settle`, async () => {
    const d = await deliveryOf(repo, videoId);
    return d && ["delivered", "rejected", "failed"].includes(d.status) ? d : undefined;
  });
const sha256 = (bytes: ArrayBuffer | Uint8Array) =>
  createHash("sha256").update(new Uint8Array(bytes)).digest("hex");

describe("recording webhook", () => {
  test("a completed recording sends one signed message whose links download the part's exact bytes", async () => {
    const ctx = await setup();
    try {
      await ctx.dispatcher.start(ctx.origin);
      const path = await ctx.configure("/completed");
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

  test("a cancelled recording sends recording.failed; with the webhook off nothing is queued", async () => {
    const ctx = await setup();
    try {
      await ctx.configure("/cancelled");
      await ctx.webhooks.updateConfig({ enabled: false });
      const off = await ctx.record("hook_quiet_channel");
      await sim.until("hook_quiet_channel", 4);
      await ctx.recorder.cancel(off.jobId);
      expect((await ctx.repo.videos.getById(off.videoId))?.status).toBe("FAILED");
      expect(await ctx.repo.webhookDeliveries.listRecent(10)).toEqual([]);

      // Turned on during a recording: the settings at its end decide.
      const on = await ctx.record("hook_loud_channel");
      await ctx.webhooks.updateConfig({ enabled: true, events: ["recording.failed"] });
      await sim.until("hook_loud_channel", 4);
      await ctx.recorder.cancel(on.jobId);
      expect(await ctx.repo.webhookDeliveries.listRecent(10)).toEqual([
        expect.objectContaining({
          event: "recording.failed",
          video_id: on.videoId,
          dedupe_key: `recording.failed:${on.videoId}`,
          status: "pending",
        }),
      ]);
      // Sent once the dispatcher starts (it was not running): a queued message survives until then.
      await ctx.dispatcher.start(ctx.origin);
      const delivery = await settledDelivery(ctx.repo, on.videoId);
      expect(delivery.status).toBe("delivered");
      const [message] = receiver.at("/cancelled");
      expect(message?.body).toMatchObject({
        event: "recording.failed",
        status: "FAILED",
        error: "cancelled by user",
      });
      // Failed recordings carry no download links.
      const parts = (message?.body.parts ?? []) as { download_url?: string }[];
      expect(parts.length).toBeGreaterThan(0);
      expect(parts.every((p) => !p.download_url)).toBe(true);
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
      expect(log.map((d) => [d.event, d.test, d.outcome, d.status])).toEqual([
        ["recording.test", true, "failed", 503],
        ["recording.test", true, "delivered", 200],
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
      await refuse(
        { enabled: true, url: "http://hooks.example.com/x" },
        /^url is plain http.*use https:\/\//,
      );
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

      const next = new WebhookDispatcher({ repo: ctx.repo, signer: ctx.signer, log: quiet, pollMs: 600_000 });
      await next.start(ctx.origin);
      expect(await settledDelivery(ctx.repo, videoId)).toMatchObject({ status: "delivered" });
      expect(receiver.at(path)).toHaveLength(2);
      await next.drain(1000);
    } finally {
      await ctx.close();
    }
  }, 30_000);
});
