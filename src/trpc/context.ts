import type { ActivityService } from "../activity/activity.service.ts";
import type { AccountService } from "../auth/account.service.ts";
import type { ServiceAccountService } from "../auth/service-account.service.ts";
import type { UserAdmin } from "../auth/users.service.ts";
import type { EventBus } from "../bus/bus.ts";
import type { CategoryService } from "../channels/categories.service.ts";
import type { ChannelService } from "../channels/channels.service.ts";
import type { StreamService } from "../channels/streams.service.ts";
import type { ChatService } from "../chat/chat.service.ts";
import type { EventSubAdmin } from "../eventsub/admin.service.ts";
import type { Downloads } from "../library/downloads.service.ts";
import type { VideoLibrary } from "../library/videos.service.ts";
import type { WatchService } from "../library/watch.service.ts";
import type { LiveModeSettings } from "../live/mode-settings.service.ts";
import type { NotificationService } from "../notifications/notifications.service.ts";
import type { PlaybackCache } from "../playback-cache/playback-cache.service.ts";
import type { RecordingWebhookService } from "../recording-webhook/webhook.service.ts";
import type { ScheduleService } from "../schedules/schedules.service.ts";
import type { SettingsService } from "../settings/settings.service.ts";
import type { HealthChecks } from "../system/health-checks.ts";
import type { TaskScheduler } from "../tasks/scheduler.ts";
import { createFeeds, type FeedEvents, type Feeds } from "./feeds.ts";

/** The events the API follows on the process's bus. */
export type ApiEvents = FeedEvents;

/**
 * The services procedures call, one per concept, each with only what the API uses of it. Procedures never
 * reach a repository or the container: the composition root builds these (src/boot/api-deps.ts).
 */
export interface ApiServices {
  videos: Pick<
    VideoLibrary,
    | "list"
    | "listPage"
    | "search"
    | "get"
    | "titles"
    | "categories"
    | "timeline"
    | "gaps"
    | "snapshots"
    | "statistics"
    | "languages"
    | "breakdown"
    | "overTime"
    | "totalsForBroadcaster"
    | "requestDelete"
    | "requestDeleteMany"
  >;
  /** A recording's chat: pages at a position, search, summary (the export is a REST route). */
  chat: Pick<ChatService, "page" | "search" | "summary">;
  watch: Pick<WatchService, "setWatchLater" | "recordProgress" | "requests" | "requestsFor" | "request">;
  downloads: Pick<Downloads, "capacity" | "active" | "progressFeed" | "start" | "cancel">;
  playbackCache: Pick<PlaybackCache, "request">;
  schedules: Pick<
    ScheduleService,
    "list" | "mine" | "get" | "create" | "update" | "toggle" | "delete" | "pauseState" | "setPaused"
  >;
  channels: Pick<
    ChannelService,
    | "get"
    | "getByLogin"
    | "list"
    | "listPage"
    | "followed"
    | "search"
    | "latestLive"
    | "setFavorite"
    | "add"
    | "addByLogin"
  >;
  streams: Pick<StreamService, "active" | "liveIds" | "followedLive" | "byBroadcaster" | "lastLive">;
  categories: Pick<
    CategoryService,
    "get" | "list" | "listWithVideos" | "listPage" | "search" | "searchWithVideos" | "tags"
  >;
  settings: Pick<
    SettingsService,
    "preferences" | "updatePreferences" | "playbackCache" | "updatePlaybackCache"
  >;
  liveMode: Pick<LiveModeSettings, "current" | "choose">;
  eventsub: Pick<
    EventSubAdmin,
    "subscriptions" | "snapshots" | "latestSnapshot" | "takeSnapshot" | "subscribeChannel" | "unsubscribe"
  >;
  activity: Pick<ActivityService, "events" | "searchEvents" | "fetches" | "changed">;
  account: Pick<
    AccountService,
    "me" | "logout" | "sessions" | "revokeSession" | "apiTokens" | "createApiToken" | "revokeApiToken"
  >;
  users: Pick<UserAdmin, "list" | "setRole" | "whitelist" | "allow" | "disallow">;
  serviceAccount: Pick<ServiceAccountService, "status" | "remove">;
  webhooks: Pick<
    RecordingWebhookService,
    "config" | "updateConfig" | "regenerateSecret" | "testDelivery" | "deliveries" | "retryDelivery"
  >;
  notifications: Pick<
    NotificationService,
    "targets" | "create" | "update" | "remove" | "guide" | "preview" | "test" | "deliveries" | "retry"
  >;
  tasks: Pick<TaskScheduler, "list" | "runNow" | "setEnabled">;
  health: Pick<HealthChecks, "report">;
}

/**
 * What procedures work with: the services, the live feeds the subscriptions serve, and the public origin
 * (for the cookie logout clears). Built once by the composition root.
 */
export interface ApiDeps {
  services: ApiServices;
  feeds: Feeds;
  /** PUBLIC_BASE_URL ("" when unset): whether cookies are Secure beyond the request's own scheme. */
  publicBaseUrl: string;
}

/** The API over its services; the feeds listen on the bus from now until `feeds.stop()`. */
export function apiDeps(
  services: ApiServices,
  bus: Pick<EventBus<ApiEvents>, "on">,
  options: { publicBaseUrl: string },
): ApiDeps {
  return {
    services,
    feeds: createFeeds(bus, () => services.downloads.active()),
    publicBaseUrl: options.publicBaseUrl,
  };
}
