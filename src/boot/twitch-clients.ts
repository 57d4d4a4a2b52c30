import { TwitchOAuth } from "../auth/twitch-oauth.ts";
import type { ResolvedConfig } from "../config/index.ts";
import type { Repository } from "../db/repository.ts";
import type { TwitchEndpoints } from "../twitch/endpoints.ts";
import { type HelixCall, HelixClient } from "../twitch/helix.client.ts";
import { IgdbClient } from "../twitch/igdb.client.ts";

// The app's own Twitch clients, built once by bootstrap: Helix, OAuth and IGDB share the application's
// credentials.

/** The application's credentials; the simulator takes any (Twitch needs the user's: checked by the mode). */
function credentials(config: ResolvedConfig, endpoints: TwitchEndpoints) {
  return {
    clientId: config.twitch.client_id || (endpoints.simulated ? "replayd-simulated" : ""),
    clientSecret: config.twitch.client_secret || (endpoints.simulated ? "replayd-simulated" : ""),
  };
}

/** Notes a call in the fetch log (the owner's logs page); a failed note is not the call's failure. */
function fetchLogger(repo: Pick<Repository, "fetchLogs">) {
  return (call: HelixCall) => {
    repo.fetchLogs
      .append({
        fetch_type: call.fetchType,
        status: call.status,
        duration_ms: call.durationMs,
        error: call.error,
      })
      .catch(() => {});
  };
}

/** Helix as the app (its calls noted in the fetch log). */
export function helixClient(
  config: ResolvedConfig,
  endpoints: TwitchEndpoints,
  repo: Pick<Repository, "fetchLogs">,
): HelixClient {
  return new HelixClient({ endpoints, ...credentials(config, endpoints), onCall: fetchLogger(repo) });
}

/** IGDB with the application's client id and app token; null without an application (its task says so). */
export function igdbClient(
  config: ResolvedConfig,
  endpoints: TwitchEndpoints,
  repo: Pick<Repository, "fetchLogs">,
  helix: HelixClient,
): IgdbClient | null {
  const { clientId, clientSecret } = credentials(config, endpoints);
  if (!clientId || !clientSecret) return null;
  return new IgdbClient({
    endpoint: endpoints.igdb,
    clientId,
    token: (o) => helix.appAccessToken(o),
    onCall: fetchLogger(repo),
  });
}

/**
 * The app's OAuth (sign-in, and refreshing users' and the service account's tokens). `authorizeUrl`: where
 * browsers are sent to authorize when not the OAuth endpoint's own page (the demo's proxy).
 */
export function twitchOAuth(
  config: ResolvedConfig,
  endpoints: TwitchEndpoints,
  authorizeUrl?: string,
): TwitchOAuth {
  return new TwitchOAuth({
    base: endpoints.oauth,
    ...(authorizeUrl ? { authorizeUrl } : {}),
    ...credentials(config, endpoints),
  });
}
