import { join } from "node:path";
import { logDiskLevels } from "../activity/disk-log.ts";
import { eventSink } from "../activity/event-sink.ts";
import { logRecordings } from "../activity/recording-log.ts";
import { AuthService } from "../auth/auth.service.ts";
import { secretSealer, TokenCipher } from "../auth/crypto.ts";
import { ServiceAccountService } from "../auth/service-account.service.ts";
import type { TwitchOAuth } from "../auth/twitch-oauth.ts";
import { Bus } from "../bus/bus.ts";
import { CategoryArtSync } from "../channels/category-art.service.ts";
import { CategoryMetadataSync } from "../channels/category-metadata.service.ts";
import { FollowSync } from "../channels/follow-sync.service.ts";
import { ensureDataDir } from "../config/data-dir.ts";
import type { ResolvedConfig } from "../config/index.ts";
import { configSummary, redactConfig } from "../config/redact.ts";
import { resolveSessionSecret } from "../config/session-secret.ts";
import type { DatabaseHandle } from "../db/connection.ts";
import { openDatabase } from "../db/connection.ts";
import { migrate } from "../db/migrate.ts";
import { createRepository, type Repository } from "../db/repository.ts";
import type { EventSink } from "../domain/ops.ts";
import type { SecretSealer } from "../domain/secrets.ts";
import { trustedOrigins } from "../http/security/origin.ts";
import { LiveService } from "../live/live.service.ts";
import type { Logger } from "../log/logger.ts";
import { MetricsService } from "../metrics/metrics.service.ts";
import { parseAllowList } from "../net/outbound.ts";
import type { OutboundPolicy } from "../net/pinned-fetch.ts";
import { NotificationDispatcher, type NotificationDispatcherDeps } from "../notifications/dispatcher.ts";
import { NotificationService } from "../notifications/notifications.service.ts";
import { Notifier } from "../notifications/notifier.ts";
import { PlaybackCache } from "../playback-cache/playback-cache.service.ts";
import { RecorderService } from "../recorder/recorder.service.ts";
import { DEFAULT_SETTINGS, type RecorderSettings } from "../recorder/settings.ts";
import type { SpaceGuard } from "../recorder/space-guard.ts";
import { type DispatcherDeps, WebhookDispatcher } from "../recording-webhook/dispatcher.ts";
import { PartDownloadSigner } from "../recording-webhook/signed-url.ts";
import { WEBHOOK_ALLOW_SETTING } from "../recording-webhook/url-rules.ts";
import { RecordingWebhookService } from "../recording-webhook/webhook.service.ts";
import { LocalStorage } from "../storage/local.storage.ts";
import { S3Storage } from "../storage/s3.storage.ts";
import type { Storage } from "../storage/storage.ts";
import { freeSpaceFloor } from "../system/disk-space.ts";
import { DiskSpaceMonitor, type FreeSpaceWatch } from "../system/disk-space-monitor.ts";
import { HealthChecks } from "../system/health-checks.ts";
import { twitchAppCheck } from "../system/health-report.ts";
import { TaskScheduler } from "../tasks/scheduler.ts";
import type { ApiEvents } from "../trpc/context.ts";
import { missingTwitchApp } from "../twitch/application.ts";
import { type TwitchEndpoints, twitchEndpoints } from "../twitch/endpoints.ts";
import type { HelixClient } from "../twitch/helix.client.ts";
import { PlaybackClient } from "../twitch/playback.client.ts";
import { VERSION } from "../version.ts";
import { startChatCapture } from "./chat-capture.ts";
import { helixClient, igdbClient, twitchOAuth } from "./twitch-clients.ts";

/** Every event on the process's bus, by topic. */
export type AppEvents = ApiEvents;

/** The long-lived services of one replayd process, built once at start from the config. */
export interface Services {
  repo: Repository;
  bus: Bus<AppEvents>;
  storage: Storage;
  endpoints: TwitchEndpoints;
  /** Where browsers load Twitch's images (emotes): its images endpoint, or the demo's proxy of it. */
  browserImages: string;
  playback: PlaybackClient;
  helix: HelixClient;
  recorder: RecorderService;
  live: LiveService;
  follows: FollowSync;
  categoryArt: CategoryArtSync;
  /** IGDB's descriptions, genres and release years for categories (the daily task); skipped without an app. */
  categoryMetadata: CategoryMetadataSync;
  /** Signs the expiring part-download URLs handed to the recording webhook's consumers. */
  signer: PartDownloadSigner;
  /** Seal the secrets kept in server_settings (with the Twitch tokens' key, one context each). */
  sealers: { eventsub: SecretSealer; recordingWebhook: SecretSealer; relaySubscribeKey: SecretSealer };
  /** Sends the recording webhook's outbox (started once HTTP answers, drained at shutdown). */
  webhookDispatcher: WebhookDispatcher;
  /** The recording webhook's settings, test message and delivery log, for the API. */
  webhooks: RecordingWebhookService;
  /** Sends the notification outbox (started once HTTP answers, drained at shutdown). */
  notificationDispatcher: NotificationDispatcher;
  /** Event-log entries to queued notifications (listening from boot, stopped at close). */
  notifier: Notifier;
  /** Notification targets, previews, test sends and the delivery log, for the API. */
  notifications: NotificationService;
  /** The maintenance ticker (started by app.ts once the mode runtime is up); the task API calls it. */
  scheduler: TaskScheduler;
  /** The event log as services write to it (never fails the work that writes). */
  events: EventSink;
  /** Sign-in, sessions, API tokens, and Twitch user tokens on demand. */
  auth: AuthService;
  /** The Twitch account playback is asked for as (Turbo, subscriptions), when one is set. */
  serviceAccount: ServiceAccountService;
  /** Free space on the data folder's disk, sampled every 2 s (stopped by the caller at shutdown). */
  diskSpace: DiskSpaceMonitor;
  /** Prometheus metrics (GET /metrics): the bus's recorder and task events, the recorder's timings. */
  metrics: MetricsService;
  /** What health reports: tools, data folder, free space, database (src/system). */
  health: HealthChecks;
  /** Single files of multi-part recordings, built in the background (stopped by the server at shutdown). */
  playbackCache: PlaybackCache;
  /** Each recording's chat, captured while it records (stopped at close, writing what waits). */
  chat: ReturnType<typeof startChatCapture>;
}

export class ServicesConfigError extends Error {
  override name = "StartupError";
}

/** What a caller may set instead of the config's choice: tools and tests (short waits, a bucket of theirs). */
export interface BootOptions {
  /** An open, migrated database (a test's fresh one); otherwise the config's is opened and migrated. */
  db?: DatabaseHandle;
  /** Connections of the pool opened for the config's database (the CLI needs few). */
  poolSize?: number;
  /** Otherwise `SESSION_SECRET`, or the one generated into the data folder. */
  sessionSecret?: string;
  storage?: Storage;
  /** Merged over the recorder's settings from the config (e.g. a short rejoin window). */
  recorderSettings?: Partial<RecorderSettings>;
  maxConcurrent?: number;
  /** The recording webhook's dispatcher: how often it looks without being woken, and its retries. */
  webhookDispatcher?: Pick<DispatcherDeps, "pollMs" | "retry">;
  /** The notification dispatcher's poll and retries (tests: short ones). */
  notificationDispatcher?: Pick<NotificationDispatcherDeps, "pollMs" | "retry" | "staleMs" | "now">;
  /** Where the browser is sent to authorize, when not the OAuth endpoint's own page (the demo's proxy). */
  authorizeUrl?: string;
  /** Where browsers load Twitch's images when not from its images endpoint (the demo's proxy of it). */
  browserImages?: string;
  /** How many times live detection asks Helix for a stream's details before going on without them. */
  liveHydrateAttempts?: number;
}

/** One replayd process's long-lived objects, built from its config. */
export interface Booted {
  config: ResolvedConfig;
  log: Logger;
  db: DatabaseHandle;
  services: Services;
  /**
   * Stops what the services run on their own (the free-space monitor, a playback-cache build) and closes a
   * database it opened.
   */
  close(): Promise<void>;
}

/**
 * The one way replayd comes up, whatever runs it (`serve`, `record`, `demo`, the test worlds): the data
 * folder made, a summary of the configuration logged (the whole of it, secrets redacted, at debug), the database opened and migrated, the session
 * secret resolved, and every long-lived service built. Nothing is started here: HTTP, live detection and
 * the scheduler are the server's (`src/app.ts`), recordings the caller's.
 */
export async function bootstrap(
  config: ResolvedConfig,
  log: Logger,
  options: BootOptions = {},
): Promise<Booted> {
  ensureDataDir(config.data_dir);
  log.info({ version: VERSION, ...configSummary(config) }, "starting replayd");
  log.debug({ config: redactConfig(config) }, "effective configuration");
  const ownDb = options.db === undefined;
  const db =
    options.db ??
    (await openDatabase(config.database.url, { poolSize: options.poolSize ?? config.database.pool_size }));
  try {
    if (ownDb) await applyMigrations(db, log);
    const session =
      options.sessionSecret ?? resolveSessionSecret(config.auth.session_secret, config.data_dir, log);
    const services = createServices(config, db, log, { session }, options);
    return {
      config,
      log,
      db,
      services,
      async close() {
        services.diskSpace.stop();
        services.metrics.stop();
        await services.notifier.stop();
        await services.chat.stop();
        await services.playbackCache.stop();
        if (ownDb) await db.close();
      },
    };
  } catch (err) {
    if (ownDb) await db.close().catch(() => {});
    throw err;
  }
}

async function applyMigrations(db: DatabaseHandle, log: Logger): Promise<void> {
  const { applied, current } = await migrate(db);
  if (applied.length) log.info({ applied: applied.length, schema_version: current }, "database migrated");
  else log.debug({ schema_version: current }, "database schema up to date");
}

function createServices(
  config: ResolvedConfig,
  db: DatabaseHandle,
  log: Logger,
  secrets: { session: string },
  options: BootOptions,
): Services {
  const bus = new Bus<AppEvents>((topic, err) => log.error({ err, topic }, "an event listener failed"));
  const repo = announceEventLogs(createRepository(db), bus);
  const events = eventSink(repo.eventLogs, log.child({ module: "events" }));
  const storage = options.storage ?? createStorage(config);
  const endpoints = twitchEndpoints(config.twitch);
  const helix = helixClient(config, endpoints, repo);
  const cipher = new TokenCipher(secrets.session);
  const oauth = twitchOAuth(config, endpoints, options.authorizeUrl);
  const serviceAccount = new ServiceAccountService({
    repo,
    oauth,
    helix,
    sealer: secretSealer(cipher, "twitch_service_account.encrypted_tokens"),
    envRefreshToken: config.twitch.service_account_refresh_token,
    log: log.child({ module: "service-account" }),
  });
  const playback = new PlaybackClient({ endpoints, viewer: serviceAccount });
  // Health asks the recorder which recordings are paused; the recorder asks health whether ffmpeg works.
  let recorder: RecorderService | null = null;
  const { diskSpace, health } = systemChecks(config, db, log, {
    pausedRecordings: () => recorder?.pausedReasons() ?? [],
    simulated: endpoints.simulated,
  });
  const metrics = new MetricsService({
    bus,
    activeRecordings: () => recorder?.activeJobs().length ?? 0,
    disk: diskSpace,
    store: repo.metrics,
    version: VERSION,
    log: log.child({ module: "metrics" }),
  });
  logDiskLevels(diskSpace, events);
  logRecordings(bus, events);
  recorder = new RecorderService({
    repo,
    playback,
    imagesOrigin: endpoints.images,
    storage,
    scratchRoot: join(config.data_dir, "scratch"),
    ffmpegPath: config.ffmpeg.ffmpeg_path,
    ffprobePath: config.ffmpeg.ffprobe_path,
    log: log.child({ module: "recorder" }),
    bus,
    settings: { ...recorderSettings(config), ...options.recorderSettings },
    maxConcurrent: options.maxConcurrent ?? config.recorder.max_concurrent,
    space: spaceGuard(diskSpace),
    metrics: metrics.recorder,
    preflight: async () => {
      const { ffmpeg, ffprobe } = await health.host();
      const failing = [ffmpeg, ffprobe].find((check) => !check.ok);
      return failing ? (failing.detail ?? failing.message ?? "ffmpeg is not usable") : null;
    },
  });
  const live = new LiveService({
    repo,
    helix,
    recorder,
    bus,
    log: log.child({ module: "live" }),
    events,
    hydrateAttempts: options.liveHydrateAttempts,
  });
  const follows = new FollowSync({
    repo,
    helix,
    onChannelsAdded: async (ids) => bus.emit("channels.watched", { broadcaster_ids: ids }),
  });
  const categoryArt = new CategoryArtSync({ repo, helix });
  const categoryMetadata = new CategoryMetadataSync({
    repo,
    igdb: igdbClient(config, endpoints, repo, helix),
  });
  const signer = new PartDownloadSigner(secrets.session);
  const sealers = {
    eventsub: secretSealer(cipher, "server_settings.eventsub_secret"),
    recordingWebhook: secretSealer(cipher, "server_settings.recording_webhook_secret"),
    relaySubscribeKey: secretSealer(cipher, "server_settings.eventsub_relay_subscribe_key"),
  };
  const webhookLog = log.child({ module: "webhooks" });
  const outbound = {
    allow: parseAllowList(config.recording_webhook.allowed_hosts, WEBHOOK_ALLOW_SETTING),
  };
  const webhookDispatcher = new WebhookDispatcher({
    repo,
    signer,
    sealer: sealers.recordingWebhook,
    bus,
    log: webhookLog,
    outbound,
    ...options.webhookDispatcher,
  });
  const webhooks = new RecordingWebhookService({
    repo,
    sealer: sealers.recordingWebhook,
    nudge: () => webhookDispatcher.nudge(),
    log: webhookLog,
    outbound,
  });
  const notifications = createNotifications(config, { repo, bus, log, cipher, outbound }, options);
  const scheduler = new TaskScheduler({
    repo,
    bus,
    log: log.child({ module: "tasks" }),
    tickMs: config.scheduler.tick_seconds * 1000,
  });
  const playbackCache = new PlaybackCache({
    repo,
    storage,
    scratchRoot: join(config.data_dir, "scratch"),
    dataDir: config.data_dir,
    ffmpegPath: config.ffmpeg.ffmpeg_path,
    ffprobePath: config.ffmpeg.ffprobe_path,
    log: log.child({ module: "playback-cache" }),
    recorderFloor: (totalBytes) =>
      freeSpaceFloor(totalBytes, {
        minFreeBytes: config.recorder.min_free_bytes,
        minFreePercent: config.recorder.min_free_percent,
      }),
  });
  return {
    repo,
    bus,
    events,
    storage,
    endpoints,
    browserImages: options.browserImages ?? endpoints.images,
    playback,
    helix,
    recorder,
    live,
    follows,
    categoryArt,
    categoryMetadata,
    signer,
    sealers,
    webhookDispatcher,
    webhooks,
    ...notifications,
    scheduler,
    auth: createAuth(config, { repo, helix, follows, endpoints, events, log, cipher, oauth }),
    serviceAccount,
    diskSpace,
    health,
    playbackCache,
    metrics,
    chat: startChatCapture({ config, endpoints, repo, bus, log }),
  };
}

/** The recorder's view of the free-space monitor: writing stops while the disk is under its floor. */
function spaceGuard(watch: FreeSpaceWatch): SpaceGuard {
  return {
    blocked: () => {
      const sample = watch.current();
      return sample.level === "full" ? sample.message : null;
    },
    onChange: (listener) => watch.subscribe(() => listener()),
  };
}

/**
 * Notifications: the outbox's dispatcher (started by the server once it listens), the notifier (listening
 * to the event log from now on, so entries written before HTTP starts still notify) and the API's service.
 */
function createNotifications(
  config: ResolvedConfig,
  deps: { repo: Repository; bus: Bus<AppEvents>; log: Logger; cipher: TokenCipher; outbound: OutboundPolicy },
  options: BootOptions,
): Pick<Services, "notificationDispatcher" | "notifier" | "notifications"> {
  const sealer = secretSealer(deps.cipher, "notification_targets.config");
  const log = deps.log.child({ module: "notifications" });
  const notificationDispatcher = new NotificationDispatcher({
    repo: deps.repo,
    sealer,
    log,
    outbound: deps.outbound,
    origin: config.server.public_base_url,
    ...options.notificationDispatcher,
  });
  const notifier = new Notifier({
    repo: deps.repo,
    bus: deps.bus,
    log,
    origin: () => notificationDispatcher.origin,
    queued: () => notificationDispatcher.nudge(),
  });
  notifier.start();
  const notifications = new NotificationService({
    repo: deps.repo,
    sealer,
    dispatcher: notificationDispatcher,
    outbound: deps.outbound,
  });
  return { notificationDispatcher, notifier, notifications };
}

/** The host checks: the free-space monitor (starts sampling now) and health over it. */
function systemChecks(
  config: ResolvedConfig,
  db: DatabaseHandle,
  log: Logger,
  host: { pausedRecordings: () => string[]; simulated: boolean },
): Pick<Services, "diskSpace" | "health"> {
  const diskSpace = new DiskSpaceMonitor({
    path: config.data_dir,
    settings: {
      minFreeBytes: config.recorder.min_free_bytes,
      minFreePercent: config.recorder.min_free_percent,
    },
    log: log.child({ module: "disk-space" }),
  });
  const health = new HealthChecks({
    version: VERSION,
    ffmpegPath: config.ffmpeg.ffmpeg_path,
    ffprobePath: config.ffmpeg.ffprobe_path,
    dataDir: config.data_dir,
    disk: diskSpace,
    pingDatabase: () => db.ping(),
    pausedRecordings: host.pausedRecordings,
    twitchApp: twitchAppCheck(missingTwitchApp(config.twitch, host.simulated)),
  });
  return { diskSpace, health };
}

function createAuth(
  config: ResolvedConfig,
  deps: Pick<Services, "repo" | "helix" | "follows" | "endpoints" | "events"> & {
    log: Logger;
    cipher: TokenCipher;
    oauth: TwitchOAuth;
  },
): AuthService {
  const simulated = deps.endpoints.simulated;
  let trusted: Set<string>;
  try {
    trusted = trustedOrigins(config.server.public_base_url, config.server.trusted_origins);
  } catch (err) {
    throw new ServicesConfigError((err as Error).message);
  }
  return new AuthService({
    repo: deps.repo,
    helix: deps.helix,
    follows: deps.follows,
    cipher: deps.cipher,
    oauth: deps.oauth,
    settings: {
      ownerTwitchId: config.auth.owner_twitch_id,
      whitelistEnabled: config.auth.whitelist_enabled,
      whitelistedUserIds: config.auth.whitelisted_user_ids,
      publicBaseUrl: config.server.public_base_url,
      trustedOrigins: trusted,
      simulated,
    },
    log: deps.log.child({ module: "auth" }),
    events: deps.events,
  });
}

export function recorderSettings(config: ResolvedConfig): RecorderSettings {
  const r = config.recorder;
  return {
    ...DEFAULT_SETTINGS,
    segmentConcurrency: r.segment_concurrency,
    maxRestartGapSeconds: r.max_restart_gap_seconds,
    maxPartBytes: r.max_part_bytes,
    maxPartSeconds: r.max_part_seconds,
    stallSeconds: r.stall_seconds,
    policy: { enableAv1: r.enable_av1, disableHevc: r.disable_hevc },
    gapPolicy: { maxGapRatio: r.max_gap_ratio, strict: r.strict_gaps },
  };
}

function createStorage(config: ResolvedConfig): Storage {
  const s = config.storage;
  if (s.type === "local") return new LocalStorage(config.data_dir);
  if (!s.s3_bucket) {
    throw new ServicesConfigError(
      "storage.type is s3 but storage.s3_bucket is empty: name the bucket in config.toml",
    );
  }
  return new S3Storage({
    endpoint: s.s3_endpoint,
    bucket: s.s3_bucket,
    region: s.s3_region,
    accessKeyId: s.s3_access_key_id,
    secretAccessKey: s.s3_secret_access_key,
    pathStyle: s.s3_path_style,
  });
}

/** Every event-log entry, once written, is also announced on the bus (`system.events` streams it). */
function announceEventLogs(repo: Repository, bus: Bus<AppEvents>): Repository {
  const eventLogs = repo.eventLogs;
  return {
    ...repo,
    eventLogs: {
      ...eventLogs,
      async append(entry) {
        const written = await eventLogs.append(entry);
        bus.emit("system.event", written);
        return written;
      },
    },
  };
}
