import { createHash, randomUUID } from "node:crypto";
import { Hono } from "hono";
import type { EventBus } from "../../src/bus/bus.ts";
import type { Repository } from "../../src/db/repository.ts";
import { terminalDelivery, terminalEvent } from "../../src/domain/webhooks.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { partDownloadRoutes } from "../../src/http/routes/part-download.routes.ts";
import { VideoFiles } from "../../src/library/video-files.service.ts";
import { parseAllowList } from "../../src/net/outbound.ts";
import type { RecorderEvents } from "../../src/recorder/events.ts";
import { WEBHOOK_ALLOW_SETTING } from "../../src/recording-webhook/url-rules.ts";
import type { simulator } from "./recorder.ts";
import { recorderWorld } from "./recorder-world.ts";
import { type startWebhookReceiver, until } from "./webhook-receiver.ts";

type Simulator = ReturnType<typeof simulator>;
type WebhookReceiver = ReturnType<typeof startWebhookReceiver>;

// What the recording webhook's end-to-end tests share (tests/e2e/recording-webhook.test.ts).

export const LIVE = { segment_seconds: 0.5, ladder: ["360p30"], window_segments: 30, bitrate_kbps: 300 };

/** The receiver runs on this machine, which the recording webhook reaches only when it is allow-listed. */
export const RECEIVER_HOSTS = "127.0.0.1";
export const receiverOutbound = () => ({
  allow: parseAllowList(RECEIVER_HOSTS.split(","), WEBHOOK_ALLOW_SETTING),
});

/**
 * One replayd process's services (`bootstrap`) for a test: database, recorder, the recording webhook's
 * dispatcher (not started) and service, and the part-download route served on loopback.
 */
export async function setup(sim: Simulator, receiver: WebhookReceiver) {
  const world = await recorderWorld(sim.url, {
    settings: { maxRestartGapSeconds: 1 },
    maxConcurrent: 2,
    env: { WEBHOOK_ALLOWED_HOSTS: RECEIVER_HOSTS },
  });
  const { repo, storage, bus, recorder, watch, services } = world;
  const { signer, sealers, webhookDispatcher: dispatcher, webhooks } = services;
  const http = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    // The route as the app mounts it (under /api/v1, no session).
    fetch: new Hono<AppEnv>().route(
      "/api/v1",
      partDownloadRoutes({ videos: new VideoFiles({ repo }), storage, signer }),
    ).fetch,
  });
  const origin = `http://127.0.0.1:${http.port}`;
  const record = async (login: string) => {
    await sim.control("/users", { login });
    await sim.control(`/channels/${login}/live`, LIVE);
    return recorder.start({
      broadcaster: await watch(login),
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
    http.stop(true);
    await world.close();
  };
  return {
    repo,
    storage,
    bus,
    signer,
    sealers,
    origin,
    dispatcher,
    webhooks,
    recorder,
    record,
    configure,
    close,
  };
}

let channels = 0;
/** A recording that ended (without the simulator), finished the way the recorder finishes one. */
export async function endedRecording(
  repo: Repository,
  bus: Pick<EventBus<RecorderEvents>, "emit">,
  status: "DONE" | "FAILED",
) {
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
  bus.emit("recording.finished", {
    job_id: jobId,
    outcome: status === "DONE" ? "finished" : "failed",
    broadcaster_id: `9000${n}`,
    video_id: video.id,
    error: status === "DONE" ? null : "failed in the fixture",
    partial: false,
  });
  return video.id;
}

export const deliveryOf = async (repo: Repository, videoId: number) =>
  (await repo.webhookDeliveries.listRecent(100)).find((d) => d.video_id === videoId);
export const settledDelivery = (repo: Repository, videoId: number) =>
  until(`the delivery of video ${videoId} to settle`, async () => {
    const d = await deliveryOf(repo, videoId);
    return d && ["delivered", "rejected", "failed"].includes(d.status) ? d : undefined;
  });
export const sha256 = (bytes: ArrayBuffer | Uint8Array) =>
  createHash("sha256").update(new Uint8Array(bytes)).digest("hex");
