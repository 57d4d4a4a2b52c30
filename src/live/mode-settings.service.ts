import type { ResolvedConfig } from "../config/index.ts";
import type { Repository } from "../db/repository.ts";
import { InvalidInputError, PreconditionError } from "../domain/errors.ts";
import type { ServerMode } from "../domain/ops.ts";
import type { SecretSealer } from "../domain/secrets.ts";
import { type LiveSetup, openRelayKey, resolveLiveSetup } from "./mode.ts";

export interface LiveModeSettingsDeps {
  config: Pick<ResolvedConfig, "live" | "server" | "twitch">;
  repo: Pick<Repository, "serverSettings">;
  /** The mode this process started with. */
  running: LiveSetup;
  /** Twitch is the simulator (any mode can work without a Twitch application). */
  simulated: boolean;
  /** Seals the relay's subscribe key in the database. */
  sealer: SecretSealer;
}

/** The dashboard's choice of a mode: the URLs it needs (null to clear). */
export interface ModeChoice {
  mode: ServerMode;
  webhook_callback_url?: string | null | undefined;
  relay_ingest_url?: string | null | undefined;
  relay_subscribe_url?: string | null | undefined;
  relay_local_callback_url?: string | null | undefined;
  /** Write-only: undefined keeps the saved key, null clears it. */
  relay_subscribe_key?: string | null | undefined;
}

/** What a mode does, as the dashboard's setup page explains it. */
function describe(mode: ServerMode | null) {
  return {
    mode,
    creates_twitch_subscriptions: mode === "direct" || mode === "relay",
    uses_relay_agent: mode === "relay",
    polls_helix: mode === "poll",
  };
}

/**
 * How live detection is set up: the mode from the environment (which wins) or the one saved from the
 * dashboard, the one running now, and saving a new choice, checked as the next start will check it.
 */
export class LiveModeSettings {
  constructor(private readonly deps: LiveModeSettingsDeps) {}

  async current() {
    const { config, repo, running } = this.deps;
    const saved = await repo.serverSettings.get();
    const envManaged = config.live.mode !== "";
    const configured: ServerMode | null = envManaged ? (config.live.mode as ServerMode) : saved.server_mode;
    const publicBase = config.server.public_base_url.replace(/\/+$/, "");
    const pick = (env: string, app: string | null) => (envManaged ? env || null : app);
    return {
      source: envManaged ? "env" : saved.server_mode ? "app" : "unset",
      ...describe(configured),
      env_managed: envManaged,
      setup_required: configured === null,
      restart_required: configured !== running.mode,
      webhook_callback_url: pick(config.live.webhook_callback_url, saved.eventsub_webhook_callback_url),
      relay_ingest_url: pick(config.live.relay_ingest_url, saved.eventsub_relay_ingest_url),
      relay_subscribe_url: pick(config.live.relay_subscribe_url, saved.eventsub_relay_subscribe_url),
      relay_local_callback_url: pick(
        config.live.relay_local_callback_url,
        saved.eventsub_relay_local_callback_url,
      ),
      // A credential: the page only learns whether one is set.
      relay_subscribe_key_set: envManaged
        ? config.live.relay_subscribe_key !== ""
        : saved.eventsub_relay_subscribe_key !== null,
      direct_callback_url: publicBase ? `${publicBase}/api/v1/webhook/callback` : null,
      active: { ...describe(running.mode), source: running.source, callback: running.callback },
    };
  }

  /**
   * Saves the mode chosen in the dashboard; it applies at the next start.
   * @throws PreconditionError (SERVER_MODE sets it), InvalidInputError (the start would refuse it, saying why)
   */
  async choose(choice: ModeChoice) {
    const { config, repo, running, simulated, sealer } = this.deps;
    if (config.live.mode !== "") {
      throw new PreconditionError("the mode is set by SERVER_MODE in the environment: change it there");
    }
    const candidate = {
      server_mode: choice.mode,
      eventsub_webhook_callback_url: choice.webhook_callback_url ?? null,
      eventsub_relay_ingest_url: choice.relay_ingest_url ?? null,
      eventsub_relay_subscribe_url: choice.relay_subscribe_url ?? null,
      eventsub_relay_local_callback_url: choice.relay_local_callback_url ?? null,
    };
    const current = openRelayKey(await repo.serverSettings.get(), sealer);
    const key =
      choice.relay_subscribe_key === undefined
        ? current.eventsub_relay_subscribe_key
        : choice.relay_subscribe_key?.trim() || null;
    // The same checks as at start, so a saved mode never fails the next start.
    let checked: LiveSetup;
    try {
      const { setup, warning } = resolveLiveSetup(
        config,
        { ...current, ...candidate, eventsub_relay_subscribe_key: key },
        simulated,
      );
      if (warning) throw new Error(warning.replace(/^saved server mode ignored: /, ""));
      checked = setup;
    } catch (err) {
      throw new InvalidInputError((err as Error).message);
    }
    await repo.serverSettings.update({
      ...candidate,
      eventsub_relay_subscribe_key: key && sealer.seal(key),
    });
    return { ...describe(checked.mode), restart_required: checked.mode !== running.mode };
  }
}
