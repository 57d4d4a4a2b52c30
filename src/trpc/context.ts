import type { AuthService } from "../auth/auth.service.ts";
import type { EventBus } from "../bus/bus.ts";
import type { ResolvedConfig } from "../config/index.ts";
import type { Repository } from "../db/repository.ts";
import type { EventSubManager } from "../eventsub/subscriptions.service.ts";
import type { LiveEvents } from "../live/events.ts";
import type { LiveService } from "../live/live.service.ts";
import type { LiveSetup } from "../live/mode.ts";
import type { RecorderEvents } from "../recorder/events.ts";
import type { RecorderService } from "../recorder/recorder.service.ts";
import type { RecordingWebhookService } from "../recording-webhook/webhook.service.ts";
import type { Storage } from "../storage/storage.ts";
import type { HealthChecks } from "../system/health-checks.ts";
import type { TaskEvents } from "../tasks/events.ts";
import type { TaskScheduler } from "../tasks/scheduler.ts";
import type { TwitchEndpoints } from "../twitch/endpoints.ts";
import type { HelixClient } from "../twitch/helix.client.ts";
import { activeDownloads } from "./active-downloads.ts";
import { createFeeds, type Feeds } from "./feeds.ts";

/** What the live runtime started with: the mode in effect, and its EventSub manager when it has one. */
export interface LiveState {
  setup: LiveSetup;
  eventsub: () => EventSubManager | null;
}

/** The events the API follows on the process's bus. */
export type ApiEvents = RecorderEvents & LiveEvents & TaskEvents;

/** The services procedures call. The composition root passes its own; the API never reaches past them. */
export interface ApiServices {
  repo: Repository;
  bus: EventBus<ApiEvents>;
  storage: Storage;
  endpoints: TwitchEndpoints;
  helix: HelixClient;
  recorder: RecorderService;
  live: LiveService;
  webhooks: RecordingWebhookService;
  scheduler: TaskScheduler;
  auth: AuthService;
  health: HealthChecks;
}

/**
 * What procedures work with: the process's services, the live runtime's state, and the live feeds the
 * subscriptions serve. Built once by the composition root.
 */
export interface ApiDeps {
  config: ResolvedConfig;
  services: ApiServices;
  live: LiveState;
  feeds: Feeds;
}

export function createApiDeps(config: ResolvedConfig, services: ApiServices, live: LiveState): ApiDeps {
  return { config, services, live, feeds: createFeeds(services.bus, () => activeDownloads(services)) };
}
