// Live-detection setup: what each server mode needs, how it stands on this server, and the input the
// dashboard sends to save one.

export const SERVER_MODES = ["direct", "relay", "poll", "off"] as const;
export type ServerMode = (typeof SERVER_MODES)[number];

/** The settings each mode reads (environment variable names; config.toml has the same under [live]/[twitch]). */
export const MODE_NEEDS: Record<ServerMode, readonly string[]> = {
  direct: ["TWITCH_CLIENT_ID", "TWITCH_CLIENT_SECRET", "PUBLIC_BASE_URL", "WEBHOOK_CALLBACK_URL"],
  relay: ["TWITCH_CLIENT_ID", "TWITCH_CLIENT_SECRET", "RELAY_INGEST_URL", "RELAY_SUBSCRIBE_KEY"],
  poll: ["TWITCH_CLIENT_ID", "TWITCH_CLIENT_SECRET", "poll_interval_seconds"],
  off: [],
};

/** The part of `eventsub.config` this module reads. */
export interface SetupState {
  mode: ServerMode | null;
  env_managed: boolean;
  setup_required: boolean;
  restart_required: boolean;
  webhook_callback_url: string | null;
  relay_ingest_url: string | null;
  /** The server never sends the key back, only whether one is saved. */
  relay_subscribe_key_set: boolean;
  direct_callback_url: string | null;
  active: { mode: ServerMode | null };
}

/**
 * How one mode stands: running now; chosen and waiting for a restart; running but being replaced at the
 * next restart; missing what it needs; or simply available.
 */
export type ModeStatus = "active" | "leaving" | "pending_restart" | "needs_public_url" | "available";

export function modeStatus(mode: ServerMode, state: SetupState): ModeStatus {
  const running = state.active.mode === mode;
  const chosen = state.mode === mode;
  if (running) return chosen ? "active" : "leaving";
  if (chosen) return "pending_restart";
  if (mode === "direct" && !state.direct_callback_url && !state.webhook_callback_url)
    return "needs_public_url";
  return "available";
}

/** The page's summary badge. */
export type SetupSummary = "setup_required" | "restart_required" | "active" | "off";

export function setupSummary(state: SetupState): SetupSummary {
  if (state.setup_required) return "setup_required";
  if (state.restart_required) return "restart_required";
  return state.active.mode === "off" || state.active.mode === null ? "off" : "active";
}

export interface SetupForm {
  mode: ServerMode;
  /** direct: an explicit callback URL; empty uses the one derived from PUBLIC_BASE_URL. */
  callbackUrl: string;
  /** relay: the relay's ingest URL (https://<worker>/u/<token>). */
  relayIngestUrl: string;
  /** relay: the subscribe key printed with the ingest URL; empty keeps the saved one. */
  relaySubscribeKey: string;
}

export function initialForm(state: SetupState): SetupForm {
  return {
    mode: state.mode ?? state.active.mode ?? "poll",
    callbackUrl: state.webhook_callback_url ?? "",
    relayIngestUrl: state.relay_ingest_url ?? "",
    relaySubscribeKey: "",
  };
}

export type SetupFormError =
  | "callback_required"
  | "callback_invalid"
  | "relay_required"
  | "relay_invalid"
  | "relay_key_required"
  | "relay_key_invalid";

/** What the relay's `scripts/credentials.mjs` prints: 43 characters of base64url. */
const SUBSCRIBE_KEY = /^[A-Za-z0-9_-]{43}$/;

export type UpdateModeInput =
  | { mode: "off" | "poll" }
  | { mode: "direct"; webhook_callback_url: string | null }
  | { mode: "relay"; relay_ingest_url: string; relay_subscribe_key?: string };

function isWebUrl(value: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * The form → `eventsub.updateConfig` input, or the field's error. Only what the chosen mode reads is sent;
 * the server checks the rest (https, reachable origin) with the same rules as at start.
 */
export function buildModeInput(
  form: SetupForm,
  derivedCallback: string | null,
  relayKeySaved = false,
):
  | { ok: true; input: UpdateModeInput }
  | { ok: false; field: "callbackUrl" | "relayIngestUrl" | "relaySubscribeKey"; error: SetupFormError } {
  if (form.mode === "direct") {
    const callback = form.callbackUrl.trim();
    if (callback === "") {
      if (!derivedCallback) return { ok: false, field: "callbackUrl", error: "callback_required" };
      return { ok: true, input: { mode: "direct", webhook_callback_url: null } };
    }
    if (!isWebUrl(callback, ["https:", "http:"]))
      return { ok: false, field: "callbackUrl", error: "callback_invalid" };
    return { ok: true, input: { mode: "direct", webhook_callback_url: callback } };
  }
  if (form.mode === "relay") {
    const ingest = form.relayIngestUrl.trim();
    if (ingest === "") return { ok: false, field: "relayIngestUrl", error: "relay_required" };
    if (!isWebUrl(ingest, ["https:", "http:"]))
      return { ok: false, field: "relayIngestUrl", error: "relay_invalid" };
    const key = form.relaySubscribeKey.trim();
    if (key === "") {
      if (!relayKeySaved) return { ok: false, field: "relaySubscribeKey", error: "relay_key_required" };
      return { ok: true, input: { mode: "relay", relay_ingest_url: ingest } };
    }
    if (!SUBSCRIBE_KEY.test(key))
      return { ok: false, field: "relaySubscribeKey", error: "relay_key_invalid" };
    return { ok: true, input: { mode: "relay", relay_ingest_url: ingest, relay_subscribe_key: key } };
  }
  return { ok: true, input: { mode: form.mode } };
}

/** Direct mode with no address to give Twitch (none derived, none typed): Save would only be refused. */
export function directBlocked(form: SetupForm, derivedCallback: string | null): boolean {
  return form.mode === "direct" && !derivedCallback && form.callbackUrl.trim() === "";
}
