import { TwitchOAuth } from "../auth/twitch-oauth.ts";
import type { ResolvedConfig } from "../config/index.ts";
import type { Repository } from "../db/repository.ts";
import type { TwitchEndpoints } from "../twitch/endpoints.ts";
import { HelixClient } from "../twitch/helix.client.ts";

// The app's own Twitch clients, built once by bootstrap: Helix and OAuth share the application's credentials.

/** Helix as the app (its calls noted in the fetch log). */
export function helixClient(
  config: ResolvedConfig,
  endpoints: TwitchEndpoints,
  repo: Repository,
): HelixClient {
  return new HelixClient({
    endpoints,
    // The simulator takes any credentials; Twitch needs the user's application (checked by the mode).
    clientId: config.twitch.client_id || (endpoints.simulated ? "replayd-simulated" : ""),
    clientSecret: config.twitch.client_secret || (endpoints.simulated ? "replayd-simulated" : ""),
    onCall: (call) => {
      repo.fetchLogs
        .append({
          fetch_type: call.fetchType,
          status: call.status,
          duration_ms: call.durationMs,
          error: call.error,
        })
        .catch(() => {});
    },
  });
}

/** The app's OAuth (sign-in, and refreshing users' and the service account's tokens). */
export function twitchOAuth(config: ResolvedConfig, endpoints: TwitchEndpoints): TwitchOAuth {
  return new TwitchOAuth({
    base: endpoints.oauth,
    // As for Helix: the simulator takes any credentials.
    clientId: config.twitch.client_id || (endpoints.simulated ? "replayd-simulated" : ""),
    clientSecret: config.twitch.client_secret || (endpoints.simulated ? "replayd-simulated" : ""),
  });
}
