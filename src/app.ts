import { join } from "node:path";
import type { Server } from "bun";
import type { Hono } from "hono";
import { createApiDeps } from "./boot/api-deps.ts";
import type { Booted } from "./boot/bootstrap.ts";
import { type LiveRuntime, startLiveRuntime } from "./boot/live-runtime.ts";
import { sealedEventSubSecret, sealStoredSecrets } from "./boot/sealed-secrets.ts";
import { ChatService } from "./chat/chat.service.ts";
import type { ResolvedConfig } from "./config/index.ts";
import { EventSubInbox } from "./eventsub/inbox.service.ts";
import { createHttpApp, MAX_REQUEST_BODY_BYTES } from "./http/app.ts";
import { EMBEDDED_DASHBOARD } from "./http/embedded-dashboard.ts";
import type { AppEnv } from "./http/env.ts";
import { authRoutes, OAUTH_CALLBACK_PATH } from "./http/routes/auth.routes.ts";
import { chatExportRoutes } from "./http/routes/chat-export.routes.ts";
import { webhookRoutes } from "./http/routes/eventsub.routes.ts";
import { mediaRoutes } from "./http/routes/media.routes.ts";
import { metricsRoutes } from "./http/routes/metrics.routes.ts";
import { partDownloadRoutes } from "./http/routes/part-download.routes.ts";
import { apiSecurity } from "./http/security/http-security.ts";
import { localUrl } from "./lib/local-url.ts";
import { VideoFiles } from "./library/video-files.service.ts";
import { openRelayKey, resolveLiveSetup } from "./live/mode.ts";
import { notificationHandler } from "./live/notifications.ts";
import type { Logger } from "./log/logger.ts";
import { downloadOrigin } from "./recording-webhook/payload.ts";
import { redactToken } from "./relay/relay-urls.ts";
import type { HealthChecks } from "./system/health-checks.ts";
import { standardTasks } from "./tasks/standard-tasks.ts";
import { missingTwitchApp } from "./twitch/application.ts";

export interface RunningServer {
  /** The address it listens on, e.g. http://127.0.0.1:8080. */
  url: string;
  /** Stops accepting, lets in-flight requests finish (bounded), and releases everything. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The server's boot sequence, in order (steps 1–4 are `bootstrap`, shared with every other way replayd runs):
 *  1. config (done by the caller) and the effective config logged once, secrets redacted
 *  2. database: open, migrate
 *  3. secrets: session secret (generated once when not given)
 *  4. services (src/boot/bootstrap.ts): repository, bus, storage, Twitch clients, recorder, live detection,
 *     the free-space monitor and health, the recording webhook, the scheduler, sign-in
 *  5. the server's own: the live mode, the EventSub secret, the whitelist; the recorder resumes the
 *     recordings a previous process left running *before* HTTP starts
 *  6. HTTP, then the recording webhook's and the notifications' dispatchers
 *  7. mode runtime (poll / direct / relay), then the maintenance scheduler (src/tasks), once HTTP answers
 *  8. host checks (src/system: ffmpeg, ffprobe, data folder, free space) in the background, failures logged
 * Shutdown runs the same list backwards.
 */
/** What a caller adds to the server (the demo: its proxy of the simulator's pages and images). */
export interface ServerOptions {
  /** More REST routes under /api/v1. */
  apiRoutes?: Hono<AppEnv>[];
}

export async function startServer(booted: Booted, options: ServerOptions = {}): Promise<RunningServer> {
  const { config, log, db, services } = booted;
  try {
    const { setup, warning } = resolveLiveSetup(
      config,
      openRelayKey(await services.repo.serverSettings.get(), services.sealers.relaySubscribeKey),
      services.endpoints.simulated,
    );
    if (warning) log.warn(warning);
    if (setup.mode === null) {
      log.info(
        "live detection: no mode chosen yet, so nothing records on its own; choose one in the dashboard " +
          "(System → Live detection) or set SERVER_MODE",
      );
    } else {
      const callback = setup.callback ? { callback: redactToken(setup.callback) } : {};
      log.info({ mode: setup.mode, source: setup.source, ...callback }, `live detection: ${setup.mode}`);
    }
    // Instances starting together converge on one secret (the first stored wins); it is stored sealed.
    const eventsubSecret = await sealedEventSubSecret(
      services.repo,
      services.sealers.eventsub,
      log,
      config.live.hmac_secret,
    );
    await sealStoredSecrets(services.repo, services.sealers);
    await services.auth.seedWhitelist();
    const resumed = await services.recorder.resumeUnfinished();
    if (resumed > 0) log.info({ recordings: resumed }, "resumed recordings left running");

    // Procedures reach the runtime's EventSub manager once it has started (it starts after HTTP).
    let runtime: LiveRuntime | undefined;
    const receiver = webhookRoutes({
      inbox: new EventSubInbox({ repo: services.repo, events: services.events }),
      secret: () => eventsubSecret,
      processing: () => setup.mode === "direct" || setup.mode === "relay",
      onNotification: notificationHandler(services.live),
      log: log.child({ module: "eventsub" }),
    });
    const videoFiles = new VideoFiles({ repo: services.repo });
    const app = createHttpApp({
      log,
      dashboard: EMBEDDED_DASHBOARD,
      imageOrigins: [services.endpoints.images],
      pingDatabase: () => db.ping(),
      health: services.health,
      apiRoutes: [
        receiver,
        partDownloadRoutes({ videos: videoFiles, storage: services.storage, signer: services.signer }),
        // The scratch root is the recorder's (services.ts): S3 recordings write their open part there.
        mediaRoutes({
          videos: videoFiles,
          storage: services.storage,
          scratchRoot: join(config.data_dir, "scratch"),
          playbackCache: services.playbackCache,
          log: log.child({ module: "media" }),
        }),
        chatExportRoutes({
          chat: new ChatService({ repo: services.repo, imagesBase: services.browserImages }),
          log: log.child({ module: "chat" }),
        }),
        authRoutes(services.auth, services.serviceAccount),
        ...(options.apiRoutes ?? []),
      ],
      authenticate: apiSecurity(services.auth),
      metrics: {
        routes: metricsRoutes({ auth: services.auth, metrics: services.metrics }),
        requests: services.metrics.http,
      },
      api: createApiDeps(config, services, { setup, eventsub: () => runtime?.eventsub ?? null }, log),
    });
    const server = listen(config, app.fetch);
    const url = `http://${server.hostname}:${server.port}`;
    // Webhook downloads and notifications' watch links point at PUBLIC_BASE_URL, else this address.
    const origin = downloadOrigin(config.server.public_base_url, {
      hostname: server.hostname ?? "",
      port: server.port ?? 0,
    });
    await services.webhookDispatcher.start(origin);
    await services.notificationDispatcher.start(origin);
    runtime = await startLiveRuntime(setup, {
      events: services.events,
      repo: services.repo,
      helix: services.helix,
      live: services.live,
      recorder: services.recorder,
      bus: services.bus,
      secret: () => eventsubSecret,
      pollIntervalMs: config.live.poll_interval_seconds * 1000,
      localUrl: url,
      log,
    });
    if (config.scheduler.enabled) {
      await services.scheduler.start(
        standardTasks({
          ...services,
          eventsub: runtime.eventsub,
          eventsubBooted: runtime.booted,
          runTaskNow: (name) => services.scheduler.runNow(name),
          retention: {
            fetch_logs_days: config.scheduler.fetch_logs_retention_days,
            event_logs_days: config.scheduler.event_logs_retention_days,
          },
        }),
      );
    }
    // Host checks (two `-version` spawns, a write probe: ~70 ms) start once the boot is done, so they do
    // not compete with it; a health request meanwhile shares their run. Failures are logged once.
    void logHostProblems(services.health, log);
    const open = localUrl(server.hostname ?? "", server.port ?? 0);
    logMissingTwitchApp(config, services.endpoints.simulated, open, log);
    // The environment's service account is resolved (and a stale token refreshed) before the first recording.
    services.serviceAccount.prepare();
    log.info({ url: open, listen: `${server.hostname}:${server.port}` }, `replayd is ready on ${open}`);

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        const graceMs = Math.max(1000, config.server.shutdown_timeout_seconds * 1000 - 2000);
        const deadline = () => Bun.sleep(graceMs).then(() => false);
        // First no new maintenance run starts; running ones finish (or are aborted) alongside the rest.
        const tasksStopped = services.scheduler.stop();
        // In parallel: requests finish, and recordings stop where they are (they stay resumable).
        await runtime?.stop();
        const [drained, recordersStopped] = await Promise.all([
          Promise.race([server.stop(false).then(() => true), deadline()]),
          Promise.race([services.recorder.shutdown().then(() => true), deadline()]),
          services.webhookDispatcher.drain(Math.min(graceMs, 8000)),
          services.notificationDispatcher.drain(Math.min(graceMs, 8000)),
        ]);
        if (!drained) {
          log.warn({ grace_ms: graceMs }, "requests still running at the shutdown deadline; closing them");
          await server.stop(true);
        }
        if (!recordersStopped)
          log.warn("recordings still stopping at the deadline; they resume at the next start");
        await tasksStopped;
        await booted.close();
        log.info("replayd stopped");
      })();
      return stopping;
    };
    return { url, stop };
  } catch (err) {
    await booted.close().catch(() => {});
    throw err;
  }
}

/** A first run without a Twitch application: what to set, and the redirect URL Twitch must know. */
function logMissingTwitchApp(config: ResolvedConfig, simulated: boolean, open: string, log: Logger): void {
  const missing = missingTwitchApp(config.twitch, simulated);
  if (missing.length === 0) return;
  const redirectUrl = `${config.server.public_base_url.replace(/\/+$/, "") || open}${OAUTH_CALLBACK_PATH}`;
  log.warn(
    `no Twitch application, so nobody can sign in: create one at https://dev.twitch.tv/console/apps with ` +
      `the OAuth Redirect URL ${redirectUrl}, then set ${missing.join(" and ")} (README, Sign-in); ` +
      "or try replayd without Twitch: replayd demo",
  );
}

/** Each failing host check once, as a warning naming the setting and what it stops. */
async function logHostProblems(health: Pick<HealthChecks, "problems">, log: Logger): Promise<void> {
  try {
    for (const { check, message } of await health.problems()) log.warn({ check }, message);
  } catch (err) {
    log.error({ err }, "host checks failed");
  }
}

function listen(
  config: ResolvedConfig,
  fetch: (req: Request, server: Server<undefined>) => Response | Promise<Response>,
) {
  try {
    return Bun.serve({
      hostname: config.server.host,
      port: config.server.port,
      fetch,
      idleTimeout: 60,
      // A second line behind the app's 1 MiB limit: Bun refuses anything far larger before reading it.
      maxRequestBodySize: 2 * MAX_REQUEST_BODY_BYTES,
    });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "EADDRINUSE") {
      throw new StartupError(
        `port ${config.server.port} on ${config.server.host} is in use: set PORT to a free port`,
      );
    }
    throw err;
  }
}

/** A reason the server cannot start that the user can fix; printed as one line. */
export class StartupError extends Error {
  override name = "StartupError";
}
