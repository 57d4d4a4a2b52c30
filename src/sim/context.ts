import type { Logger } from "../log/logger.ts";
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
  /** Where rendered segment media is cached and which ffmpeg renders it (defaults: OS cache/tmp, PATH). */
  media?: MediaOptions;
}

export interface MediaOptions {
  cacheDir?: string;
  ffmpeg?: string;
}
