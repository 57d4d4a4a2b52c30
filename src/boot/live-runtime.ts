import type { EventBus } from "../bus/bus.ts";
import type { Repository } from "../db/repository.ts";
import type { EventSink } from "../domain/ops.ts";
import { CHANNEL_TYPES, EventSubManager, UPDATE_TYPE } from "../eventsub/subscriptions.service.ts";
import type { LiveEvents } from "../live/events.ts";
import type { LiveService } from "../live/live.service.ts";
import { type LiveSetup, LiveSetupError } from "../live/mode.ts";
import { LivePoller } from "../live/poller.ts";
import type { Logger } from "../log/logger.ts";
import type { RecorderEvents } from "../recorder/events.ts";
import type { RecorderService } from "../recorder/recorder.service.ts";
import { RelayClient } from "../relay/relay.client.ts";
import { defaultLocalCallback } from "../relay/relay-urls.ts";
import type { HelixClient } from "../twitch/helix.client.ts";

export interface LiveRuntimeDeps {
  repo: Repository;
  helix: HelixClient;
  live: LiveService;
  recorder: RecorderService;
  bus: EventBus<RecorderEvents & LiveEvents>;
  secret: () => string;
  pollIntervalMs: number;
  /** Where this server listens (relay mode replays into it on loopback). */
  localUrl?: string;
  log: Logger;
  /** The event log (EventSub subscriptions, the relay connection). */
  events?: EventSink;
}

export interface LiveRuntime {
  /** The EventSub manager when the mode uses EventSub (direct), for the maintenance tasks and the API. */
  eventsub: EventSubManager | null;
  poller: LivePoller | null;
  /** Relay mode: the WebSocket client that brings EventSub home. */
  relay?: RelayClient | null;
  /** Settles when the boot-time EventSub reconcile has ended (the maintenance task waits for it). */
  booted?: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts what the mode needs, once HTTP answers (Twitch verifies a new subscription by calling us):
 * poll → the Helix poller; direct → EventSub reconciled for every watched channel, and channel.update
 * followed while a channel is recorded; relay → the same, with the relay's ingest URL as callback and the
 * relay client replaying what the relay receives into our receiver; off or not chosen → nothing, and no subscription is left on Twitch.
 */
export async function startLiveRuntime(setup: LiveSetup, deps: LiveRuntimeDeps): Promise<LiveRuntime> {
  const log = deps.log.child({ module: "live", mode: setup.mode ?? "unset" });
  if ((setup.mode === "direct" || setup.mode === "relay") && setup.callback) {
    const relay = setup.relay ? startRelayClient(setup, deps, log) : null;
    const eventsub = new EventSubManager({
      repo: deps.repo,
      helix: deps.helix,
      callback: setup.callback,
      secret: deps.secret,
      log,
      events: deps.events,
    });
    const offStarted = deps.bus.on("recording.started", (e) => {
      eventsub.subscribe(e.broadcaster_id, UPDATE_TYPE.type, UPDATE_TYPE.version).catch((err) => {
        log.warn({ err: (err as Error).message }, "could not follow the channel's title changes");
      });
    });
    // channel.update costs quota per channel: followed only while the channel is being recorded.
    const offFinished = deps.bus.on("recording.finished", (e) => {
      const id = e.broadcaster_id;
      if (!id) return;
      const stillRecording = deps.recorder
        .activeJobs()
        .some((j) => j.broadcasterId === id && j.jobId !== e.job_id);
      if (stillRecording) return;
      eventsub.unsubscribeType(id, UPDATE_TYPE.type, "recording ended").catch((err) => {
        log.warn({ err: (err as Error).message }, "could not stop following the channel's title changes");
      });
    });
    // New watched channels are covered now rather than at the next reconcile.
    const offWatched = deps.bus.on("channels.watched", (e) => {
      for (const id of e.broadcaster_ids) {
        for (const t of CHANNEL_TYPES) {
          eventsub.subscribe(id, t.type, t.version).catch((err) => {
            log.warn(
              { err: (err as Error).message, broadcaster_id: id },
              "could not subscribe to a new channel",
            );
          });
        }
      }
    });
    const reconciling = (async () => {
      try {
        // Twitch verifies new subscriptions through the relay: there must be someone to answer.
        if (relay && !(await relay.ready)) return;
        const result = await eventsub.reconcileChannels();
        await eventsub.reconcileUpdates(deps.recorder.activeJobs().map((j) => j.broadcasterId));
        log.info(result, "EventSub subscriptions reconciled");
        await catchUp(deps, log);
      } catch (err) {
        log.warn({ err: (err as Error).message }, "EventSub reconcile failed; the maintenance task retries");
      }
    })();
    return {
      eventsub,
      poller: null,
      relay,
      booted: reconciling,
      async stop() {
        offStarted();
        offFinished();
        offWatched();
        await relay?.stop();
        await reconciling;
      },
    };
  }
  if (setup.mode === "poll" || setup.mode === "off" || setup.mode === null) {
    // A previous direct setup may have left subscriptions on Twitch that would keep costing quota.
    const cleanup = revokeLeftovers(deps, log);
    const poller =
      setup.mode === "poll"
        ? new LivePoller({
            repo: deps.repo,
            helix: deps.helix,
            live: deps.live,
            intervalMs: deps.pollIntervalMs,
            log,
          })
        : null;
    poller?.start();
    return {
      eventsub: null,
      poller,
      async stop() {
        await poller?.stop();
        await cleanup;
      },
    };
  }
  return { eventsub: null, poller: null, stop: async () => {} };
}

function startRelayClient(setup: LiveSetup, deps: LiveRuntimeDeps, log: Logger): RelayClient {
  const urls = setup.relay as NonNullable<LiveSetup["relay"]>;
  let localCallback = urls.localCallback;
  if (!localCallback) {
    try {
      localCallback = defaultLocalCallback(deps.localUrl ?? "http://127.0.0.1:8080");
    } catch (err) {
      throw new LiveSetupError((err as Error).message);
    }
  }
  const client = new RelayClient({
    subscribeUrl: urls.subscribe,
    subscribeKey: urls.subscribeKey,
    localCallback,
    relayKey: urls.key,
    cursors: deps.repo.relayCursors,
    log: log.child({ module: "relay" }),
    events: deps.events,
  });
  client.start();
  return client;
}

async function revokeLeftovers(deps: LiveRuntimeDeps, log: Logger): Promise<void> {
  const active = [
    ...(await deps.repo.eventsub.listActiveByType("stream.online")),
    ...(await deps.repo.eventsub.listActiveByType("stream.offline")),
    ...(await deps.repo.eventsub.listActiveByType(UPDATE_TYPE.type)),
  ];
  for (const sub of active) {
    try {
      await deps.helix.unsubscribe(sub.id);
      await deps.repo.eventsub.revoke(sub.id, "server mode without EventSub");
    } catch (err) {
      log.warn({ err: (err as Error).message }, "could not remove a leftover EventSub subscription");
      return;
    }
  }
  if (active.length > 0)
    log.info({ removed: active.length }, "removed EventSub subscriptions a previous setup left");
}

/**
 * Streams that went live while replayd was down (or before their subscription existed) send no
 * stream.online: once subscribed, ask Helix which watched channels are live, and treat each as going live.
 */
async function catchUp(deps: LiveRuntimeDeps, log: Logger): Promise<void> {
  try {
    const ids = await deps.repo.channels.listIds();
    const live = ids.length ? await deps.helix.streams(ids) : [];
    for (const stream of live) {
      if (deps.recorder.isRecording(stream.user_id)) continue;
      await deps.live.online(stream.user_id, stream);
    }
    if (live.length > 0) log.info({ live: live.length }, "caught up with channels already live");
  } catch (err) {
    log.warn({ err: (err as Error).message }, "could not check which channels are live now");
  }
}
