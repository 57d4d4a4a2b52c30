import type { ResolvedConfig } from "../config/index.ts";
import type { ServerSettings } from "../domain/ops.ts";
import { openSealed, type SecretSealer } from "../domain/secrets.ts";
import { RelayUrlError, type RelayUrls, redactToken, resolveRelayUrls } from "../relay/relay-urls.ts";
import { missingTwitchApp } from "../twitch/application.ts";

export type ServerMode = "off" | "poll" | "direct" | "relay";

/** How this process learns that channels go live, and where Twitch posts EventSub. */
export interface LiveSetup {
  /** null: not chosen yet (the dashboard's onboarding chooses it). */
  mode: ServerMode | null;
  /** Where the mode came from: the environment wins over what the dashboard saved. */
  source: "env" | "app" | "unset";
  /** The EventSub callback Twitch posts to (direct: our receiver; relay: the relay's ingest URL). */
  callback: string | null;
  /** Relay mode: the relay's URLs and the loopback receiver the client replays into. */
  relay?: RelayUrls;
}

export class LiveSetupError extends Error {
  override name = "StartupError";
}

/** The saved settings with the relay's subscribe key opened (null when sealed under another SESSION_SECRET). */
export function openRelayKey(settings: ServerSettings, sealer: SecretSealer): ServerSettings {
  const stored = settings.eventsub_relay_subscribe_key;
  return { ...settings, eventsub_relay_subscribe_key: stored ? openSealed(sealer, stored) : null };
}

/**
 * Resolves the mode and checks that it can work (`settings` with the relay key opened: `openRelayKey`). A wrong environment stops the start (the message names the
 * variable); a wrong saved setting only degrades to "not chosen" with a warning, so the dashboard can fix it.
 */
export function resolveLiveSetup(
  config: Pick<ResolvedConfig, "live" | "server" | "twitch">,
  settings: ServerSettings,
  simulated: boolean,
): { setup: LiveSetup; warning: string | null } {
  const live = config.live;
  if (live.mode === "") {
    const stray = [
      ["WEBHOOK_CALLBACK_URL", live.webhook_callback_url],
      ["RELAY_INGEST_URL", live.relay_ingest_url],
      ["RELAY_SUBSCRIBE_URL", live.relay_subscribe_url],
      ["RELAY_LOCAL_CALLBACK_URL", live.relay_local_callback_url],
      ["RELAY_SUBSCRIBE_KEY", live.relay_subscribe_key],
    ].find(([, value]) => value !== "");
    if (stray)
      throw new LiveSetupError(
        `${stray[0]} is set but SERVER_MODE is not: set SERVER_MODE (direct or relay) too`,
      );
    const saved = settings.server_mode;
    if (!saved) return { setup: { mode: null, source: "unset", callback: null }, warning: null };
    try {
      return {
        setup: build(saved, {
          webhook: settings.eventsub_webhook_callback_url ?? "",
          ingest: settings.eventsub_relay_ingest_url ?? "",
          subscribe: settings.eventsub_relay_subscribe_url ?? "",
          local: settings.eventsub_relay_local_callback_url ?? "",
          subscribeKey: settings.eventsub_relay_subscribe_key ?? "",
          publicBase: config.server.public_base_url,
          simulated,
          credentials: missingTwitchApp(config.twitch, simulated).length === 0,
          source: "app",
        }),
        warning: null,
      };
    } catch (err) {
      return {
        setup: { mode: null, source: "unset", callback: null },
        warning: `saved server mode ignored: ${(err as Error).message}`,
      };
    }
  }
  return {
    setup: build(live.mode, {
      webhook: live.webhook_callback_url,
      ingest: live.relay_ingest_url,
      subscribe: live.relay_subscribe_url,
      local: live.relay_local_callback_url,
      subscribeKey: live.relay_subscribe_key,
      publicBase: config.server.public_base_url,
      simulated,
      credentials: missingTwitchApp(config.twitch, simulated).length === 0,
      source: "env",
    }),
    warning: null,
  };
}

function build(
  mode: ServerMode,
  input: {
    webhook: string;
    ingest: string;
    subscribe: string;
    local: string;
    subscribeKey: string;
    publicBase: string;
    simulated: boolean;
    credentials: boolean;
    source: "env" | "app";
  },
): LiveSetup {
  if (mode !== "off" && !input.credentials) {
    throw new LiveSetupError(
      `SERVER_MODE=${mode} needs a Twitch application: set TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET`,
    );
  }
  if (mode === "off" || mode === "poll") return { mode, source: input.source, callback: null };
  if (mode === "relay") {
    let relay: RelayUrls;
    try {
      relay = resolveRelayUrls(input);
    } catch (err) {
      if (err instanceof RelayUrlError) throw new LiveSetupError(err.message);
      throw err;
    }
    // Twitch posts to the ingest URL, so it obeys Twitch's callback rules (loopback http only with the simulator).
    const problem = callbackProblem(relay.ingest, input.simulated);
    if (problem) throw new LiveSetupError(`RELAY_INGEST_URL ${redactToken(relay.ingest)}: ${problem}`);
    return { mode, source: input.source, callback: relay.ingest, relay };
  }
  const callback =
    input.webhook ||
    (input.publicBase ? `${input.publicBase.replace(/\/+$/, "")}/api/v1/webhook/callback` : "");
  if (!callback) {
    throw new LiveSetupError(
      "SERVER_MODE=direct needs a public address: set PUBLIC_BASE_URL (or WEBHOOK_CALLBACK_URL)",
    );
  }
  const problem = callbackProblem(callback, input.simulated);
  if (problem) throw new LiveSetupError(`WEBHOOK_CALLBACK_URL ${callback}: ${problem}`);
  return { mode, source: input.source, callback };
}

/**
 * Twitch only posts to https on port 443 at a public host. The simulator also posts to plain http on
 * loopback, so tests and demos work without certificates.
 */
export function callbackProblem(callback: string, simulated: boolean): string | null {
  let url: URL;
  try {
    url = new URL(callback);
  } catch {
    return "not a URL";
  }
  const loopback =
    ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname) || url.hostname.startsWith("127.");
  if (simulated && loopback) return null;
  if (url.protocol !== "https:") return "Twitch only posts to https:// URLs";
  if (url.port !== "" && url.port !== "443") return "Twitch only posts to port 443";
  if (loopback) return "Twitch cannot reach a loopback address";
  return null;
}
