import type { EventSubManager } from "../eventsub/subscriptions.service.ts";
import type { LiveSetup } from "../live/mode.ts";
import type { Services } from "../services.ts";

/**
 * What procedures work with: the process's services, and what the live runtime started with (the mode
 * in effect, and the EventSub manager when that mode uses one). Built once by the composition root.
 */
export interface ApiDeps {
  services: Services;
  live: {
    setup: LiveSetup;
    eventsub: () => EventSubManager | null;
  };
}
