import type { ResolvedConfig } from "../config/index.ts";
import type { EventSubManager } from "../eventsub/subscriptions.service.ts";
import type { LiveSetup } from "../live/mode.ts";
import type { Services } from "../services.ts";
import { activeDownloads } from "./active-downloads.ts";
import { createFeeds, type Feeds } from "./feeds.ts";

/** What the live runtime started with: the mode in effect, and its EventSub manager when it has one. */
export interface LiveState {
  setup: LiveSetup;
  eventsub: () => EventSubManager | null;
}

/**
 * What procedures work with: the process's services, the live runtime's state, and the live feeds the
 * subscriptions serve. Built once by the composition root.
 */
export interface ApiDeps {
  config: ResolvedConfig;
  services: Services;
  live: LiveState;
  feeds: Feeds;
}

export function createApiDeps(config: ResolvedConfig, services: Services, live: LiveState): ApiDeps {
  return { config, services, live, feeds: createFeeds(services.bus, () => activeDownloads(services)) };
}
