import type { Config } from "../config/schema.ts";

/** Where each Twitch surface lives: Twitch itself, or the simulator for demos and tests. */
export interface TwitchEndpoints {
  /** Helix base, e.g. https://api.twitch.tv/helix */
  helix: string;
  /** OAuth base, e.g. https://id.twitch.tv/oauth2 */
  oauth: string;
  /** The full GQL URL, e.g. https://gql.twitch.tv/gql */
  gql: string;
  /** The integrity endpoint next to GQL. */
  integrity: string;
  /** Usher's origin, serving /api/channel/hls/… */
  usher: string;
  /** Origin of Twitch's images (live previews, box art). */
  images: string;
  /** IGDB's API base (Twitch's game database, same application credentials), e.g. https://api.igdb.com/v4 */
  igdb: string;
  /** Twitch chat's IRC WebSocket, e.g. wss://irc-ws.chat.twitch.tv:443 */
  irc: string;
  /** True when pointed at the simulator: loopback http callbacks are then allowed. */
  simulated: boolean;
}

const TWITCH = {
  helix: "https://api.twitch.tv/helix",
  oauth: "https://id.twitch.tv/oauth2",
  gql: "https://gql.twitch.tv/gql",
  usher: "https://usher.ttvnw.net",
  images: "https://static-cdn.jtvnw.net",
  igdb: "https://api.igdb.com/v4",
  irc: "wss://irc-ws.chat.twitch.tv:443",
};

/**
 * TWITCH_SIMULATOR_URL moves every endpoint to one origin; each per-endpoint variable wins over it. (The
 * service account's token, beside these in the config, is not where Twitch is.)
 */
export function twitchEndpoints(
  twitch: Omit<Config["twitch"], "service_account_refresh_token" | "irc_url"> & { irc_url?: string },
): TwitchEndpoints {
  const sim = twitch.simulator_url.replace(/\/+$/, "");
  const base = sim
    ? {
        helix: `${sim}/helix`,
        oauth: `${sim}/oauth2`,
        gql: `${sim}/gql`,
        usher: sim,
        images: sim,
        igdb: `${sim}/igdb/v4`,
        irc: `${sim.replace(/^http/, "ws")}/irc`,
      }
    : TWITCH;
  const gql = twitch.gql_url || base.gql;
  return {
    helix: (twitch.helix_url || base.helix).replace(/\/+$/, ""),
    oauth: (twitch.oauth_url || base.oauth).replace(/\/+$/, ""),
    gql,
    // Twitch serves it at gql.twitch.tv/integrity; the simulator beside its GQL, at /gql/integrity.
    integrity:
      new URL(gql).hostname === "gql.twitch.tv"
        ? `${new URL(gql).origin}/integrity`
        : `${gql.replace(/\/+$/, "")}/integrity`,
    usher: (twitch.usher_url || base.usher).replace(/\/+$/, ""),
    images: base.images,
    igdb: base.igdb,
    irc: twitch.irc_url || base.irc,
    simulated: sim !== "",
  };
}
