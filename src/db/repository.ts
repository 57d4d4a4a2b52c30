import type { DatabaseHandle } from "./connection.ts";
import { type CategoryRepository, createCategoryRepository } from "./repos/categories.repo.ts";
import { type ChannelRepository, createChannelRepository } from "./repos/channels.repo.ts";
import { type ChatRepository, createChatRepository } from "./repos/chat.repo.ts";
import { type Clock, systemClock } from "./repos/clock.ts";
import { createDeliveryRepository, type DeliveryRepository } from "./repos/deliveries.repo.ts";
import {
  createEventSubRepository,
  createWebhookEventRepository,
  type EventSubRepository,
  type WebhookEventRepository,
} from "./repos/eventsub.repo.ts";
import {
  createTagRepository,
  createTitleRepository,
  type TagRepository,
  type TitleRepository,
} from "./repos/labels.repo.ts";
import {
  createEventLogRepository,
  createFetchLogRepository,
  type EventLogRepository,
  type FetchLogRepository,
} from "./repos/logs.repo.ts";
import { createMetricsRepository, type MetricsRepository } from "./repos/metrics.repo.ts";
import { createNotificationRepository, type NotificationRepository } from "./repos/notifications.repo.ts";
import { createPlaybackAssetRepository, type PlaybackAssetRepository } from "./repos/playback.repo.ts";
import { createRecordingRepository, type RecordingRepository } from "./repos/recordings.repo.ts";
import { createRelayCursorRepository, type RelayCursorRepository } from "./repos/relay-cursors.repo.ts";
import { createScheduleRepository, type ScheduleRepository } from "./repos/schedules.repo.ts";
import {
  createServerSettingsRepository,
  type ServerSettingsRepository,
} from "./repos/server-settings.repo.ts";
import {
  createServiceAccountRepository,
  type ServiceAccountRepository,
} from "./repos/service-account.repo.ts";
import {
  type ApiTokenRepository,
  createApiTokenRepository,
  createSessionRepository,
  type SessionRepository,
} from "./repos/sessions.repo.ts";
import { createStreamRepository, type StreamRepository } from "./repos/streams.repo.ts";
import { createTaskRepository, type TaskRepository } from "./repos/tasks.repo.ts";
import { createTimelineRepository, type TimelineRepository } from "./repos/timeline.repo.ts";
import {
  createUserRepository,
  createUserSettingsRepository,
  createWhitelistRepository,
  type UserRepository,
  type UserSettingsRepository,
  type WhitelistRepository,
} from "./repos/users.repo.ts";
import { createVideoStatsRepository, type VideoStatsRepository } from "./repos/video-stats.repo.ts";
import { createVideoRepository, type VideoRepository } from "./repos/videos.repo.ts";
import { createWatchStateRepository, type WatchStateRepository } from "./repos/watch.repo.ts";
import type { SqlClient } from "./sql/client.ts";
import { createPgClient } from "./sql/pg.client.ts";
import { createSqliteClient } from "./sql/sqlite.client.ts";

/**
 * Everything services read and write, grouped by domain. One implementation over a dialect-neutral SQL
 * client (src/db/sql), so SQLite and Postgres behave the same; see docs/architecture.md.
 */
export interface Repository {
  // People
  users: UserRepository;
  sessions: SessionRepository;
  apiTokens: ApiTokenRepository;
  whitelist: WhitelistRepository;
  userSettings: UserSettingsRepository;
  /** The Twitch account playback is asked for as (Turbo, subscriptions). */
  serviceAccount: ServiceAccountRepository;
  // The Twitch mirror
  channels: ChannelRepository;
  categories: CategoryRepository;
  tags: TagRepository;
  titles: TitleRepository;
  streams: StreamRepository;
  // Recordings and the library
  recordings: RecordingRepository;
  videos: VideoRepository;
  videoStats: VideoStatsRepository;
  timeline: TimelineRepository;
  playback: PlaybackAssetRepository;
  watch: WatchStateRepository;
  schedules: ScheduleRepository;
  /** Each recording's chat: its lines and the stretches without. */
  chat: ChatRepository;
  // Live detection and operations
  eventsub: EventSubRepository;
  webhookEvents: WebhookEventRepository;
  tasks: TaskRepository;
  eventLogs: EventLogRepository;
  fetchLogs: FetchLogRepository;
  serverSettings: ServerSettingsRepository;
  webhookDeliveries: DeliveryRepository;
  /** Notification targets (Discord, ntfy, …) and their outbox. */
  notifications: NotificationRepository;
  relayCursors: RelayCursorRepository;
  /** Grouped counts for GET /metrics (deliveries, EventSub subscriptions). */
  metrics: MetricsRepository;
  /**
   * Runs `work` in one transaction: everything it writes through `tx` commits together or not at all.
   * Calls made inside on the outer repository would wait for the transaction: use `tx`.
   */
  transaction<R>(work: (tx: Repository) => Promise<R>): Promise<R>;
}

export interface RepositoryOptions {
  /** Source of "now" for timestamps the repository writes; tests pass a controllable one. */
  clock?: Clock;
}

export function createRepository(handle: DatabaseHandle, options: RepositoryOptions = {}): Repository {
  const client = handle.dialect === "sqlite" ? createSqliteClient(handle.client) : createPgClient(handle.orm);
  return repositoryOver(client, options.clock ?? systemClock);
}

function repositoryOver(db: SqlClient, clock: Clock): Repository {
  return {
    users: createUserRepository(db, clock),
    sessions: createSessionRepository(db, clock),
    apiTokens: createApiTokenRepository(db, clock),
    whitelist: createWhitelistRepository(db, clock),
    userSettings: createUserSettingsRepository(db, clock),
    serviceAccount: createServiceAccountRepository(db, clock),
    channels: createChannelRepository(db, clock),
    categories: createCategoryRepository(db, clock),
    tags: createTagRepository(db, clock),
    titles: createTitleRepository(db, clock),
    streams: createStreamRepository(db, clock),
    recordings: createRecordingRepository(db, clock),
    videos: createVideoRepository(db, clock),
    videoStats: createVideoStatsRepository(db),
    timeline: createTimelineRepository(db, clock),
    playback: createPlaybackAssetRepository(db, clock),
    watch: createWatchStateRepository(db, clock),
    schedules: createScheduleRepository(db, clock),
    chat: createChatRepository(db),
    eventsub: createEventSubRepository(db, clock),
    webhookEvents: createWebhookEventRepository(db, clock),
    tasks: createTaskRepository(db, clock),
    eventLogs: createEventLogRepository(db, clock),
    fetchLogs: createFetchLogRepository(db, clock),
    serverSettings: createServerSettingsRepository(db, clock),
    webhookDeliveries: createDeliveryRepository(db, clock),
    notifications: createNotificationRepository(db, clock),
    relayCursors: createRelayCursorRepository(db, clock),
    metrics: createMetricsRepository(db),
    transaction: (work) => db.transaction((tx) => work(repositoryOver(tx, clock))),
  };
}
