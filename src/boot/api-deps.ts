import { ActivityService } from "../activity/activity.service.ts";
import { AccountService } from "../auth/account.service.ts";
import { UserAdmin } from "../auth/users.service.ts";
import { CategoryService } from "../channels/categories.service.ts";
import { ChannelService } from "../channels/channels.service.ts";
import { StreamService } from "../channels/streams.service.ts";
import { ChatService } from "../chat/chat.service.ts";
import type { ResolvedConfig } from "../config/index.ts";
import { EventSubAdmin } from "../eventsub/admin.service.ts";
import type { EventSubManager } from "../eventsub/subscriptions.service.ts";
import { Downloads } from "../library/downloads.service.ts";
import { VideoLibrary } from "../library/videos.service.ts";
import { WatchService } from "../library/watch.service.ts";
import type { LiveSetup } from "../live/mode.ts";
import { LiveModeSettings } from "../live/mode-settings.service.ts";
import type { Logger } from "../log/logger.ts";
import { ScheduleService } from "../schedules/schedules.service.ts";
import { SettingsService } from "../settings/settings.service.ts";
import { DELETE_REQUESTED_TASK } from "../tasks/standard-tasks.ts";
import { type ApiDeps, type ApiServices, apiDeps } from "../trpc/context.ts";
import type { Services } from "./bootstrap.ts";

/** What the live runtime started with: the mode in effect, and its EventSub manager once it runs. */
export interface LiveState {
  setup: LiveSetup;
  eventsub: () => EventSubManager | null;
}

/** The API's services over the process's own, each given only what it uses. */
export function apiServices(
  config: ResolvedConfig,
  services: Services,
  live: LiveState,
  log: Logger,
): ApiServices {
  const { repo, storage, helix, bus } = services;
  return {
    videos: new VideoLibrary({
      repo,
      storage,
      recorder: services.recorder,
      // A deletion starts at once rather than at the task's next minute; a failure leaves it to that run.
      wakeRemovals: () =>
        void services.scheduler.runNow(DELETE_REQUESTED_TASK).catch((err: unknown) => {
          log.debug({ err }, "could not start the deletion task now; its next run removes the videos");
        }),
    }),
    chat: new ChatService({ repo, imagesBase: services.browserImages }),
    watch: new WatchService({ repo }),
    downloads: new Downloads({ recorder: services.recorder, repo, live: services.live, bus }),
    playbackCache: services.playbackCache,
    schedules: new ScheduleService({ repo, live: services.live, log: log.child({ module: "schedules" }) }),
    channels: new ChannelService({
      repo,
      helix,
      onChannelsAdded: (ids) => bus.emit("channels.watched", { broadcaster_ids: ids }),
    }),
    streams: new StreamService({ repo, helix }),
    categories: new CategoryService({ repo, helix }),
    settings: new SettingsService({ repo }),
    liveMode: new LiveModeSettings({
      config,
      repo,
      running: live.setup,
      simulated: services.endpoints.simulated,
      sealer: services.sealers.relaySubscribeKey,
    }),
    eventsub: new EventSubAdmin({ repo, manager: live.eventsub, runningMode: live.setup.mode }),
    activity: new ActivityService({ repo, events: services.events }),
    account: new AccountService({ auth: services.auth, repo }),
    users: new UserAdmin({ repo, auth: services.auth }),
    serviceAccount: services.serviceAccount,
    webhooks: services.webhooks,
    notifications: services.notifications,
    tasks: services.scheduler,
    health: services.health,
  };
}

/** What tRPC procedures work with (built once; `feeds.stop()` releases the bus listeners). */
export function createApiDeps(
  config: ResolvedConfig,
  services: Services,
  live: LiveState,
  log: Logger,
): ApiDeps {
  return apiDeps(apiServices(config, services, live, log), services.bus, {
    publicBaseUrl: config.server.public_base_url,
  });
}
