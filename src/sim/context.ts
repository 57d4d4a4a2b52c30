import type { Logger } from "../log/logger.ts";
import type { ChatOptions } from "./chat/options.ts";
import type { SimState } from "./state.ts";

/** What every simulator surface gets: the shared world, a logger and the start options. */
export interface SimContext {
  state: SimState;
  log: Logger;
  /** When set, OAuth and Helix accept only this client id (and secret); otherwise any. */
  clientId: string | null;
  clientSecret: string | null;
  /** Extra sections for GET /sim/state, registered by the surfaces that own them (e.g. subscriptions). */
  stateSections: Map<string, () => unknown>;
  /**
   * Where browsers reach the simulator's pages and images, when not at its own origin: image URLs in Helix
   * answers start with it (the demo: a path on replayd's origin that proxies them, so they follow the host
   * the browser used and outlive the simulator's port).
   */
  browserBase?: string;
  /** Where rendered segment media is cached and which ffmpeg renders it (defaults: OS cache/tmp, PATH). */
  media?: MediaOptions;
  /** The simulated chat's rates and timings (defaults in chat/options.ts). */
  chat?: Partial<ChatOptions>;
}

export interface MediaOptions {
  cacheDir?: string;
  ffmpeg?: string;
}
