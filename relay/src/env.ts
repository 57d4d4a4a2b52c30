import type { RelayBuffer } from "./buffer.ts";

/** Bindings and variables of the relay Worker (wrangler.jsonc, `wrangler secret put`, or the test pool). */
export interface RelayEnv {
  RELAY: DurableObjectNamespace<RelayBuffer>;
  /**
   * The deployment secret (`wrangler secret put RELAY_SECRET`): it mints every ingest token and subscribe
   * key. Without it the relay refuses everything: it is never open by default.
   */
  RELAY_SECRET?: string;
  /** Optional revocation by a control plane (hosted relays): both set, or neither. */
  TOKEN_VALIDATE_URL?: string;
  RELAY_SHARED_SECRET?: string;
  /** "1" lets the validator be plain http (tests only: the shared secret would travel in clear). */
  ALLOW_INSECURE_TOKEN_VALIDATE_URL?: string;
  TOKEN_VALIDATE_TIMEOUT_MS?: string;
  /** How long events stay replayable (default 300000: 5 minutes). */
  BUFFER_TTL_MS?: string;
  /** A subscriber silent (no ping, no result) for this long is closed (default 20000). */
  HEARTBEAT_TIMEOUT_MS?: string;
  /** How long a verification challenge waits for the subscriber's answer (default 8000). */
  VERIFICATION_TIMEOUT_MS?: string;
  /** Per token: events held at most (default 500), their total size (default 2 MiB), posts per minute (default 600, bursts up to as many). */
  MAX_BUFFERED_EVENTS?: string;
  MAX_BUFFERED_BYTES?: string;
  INGEST_PER_MINUTE?: string;
}

declare global {
  namespace Cloudflare {
    interface Env extends RelayEnv {}
  }
}

export interface RelaySettings {
  ttlMs: number;
  heartbeatTimeoutMs: number;
  verificationTimeoutMs: number;
  validateTimeoutMs: number;
  maxEvents: number;
  maxBytes: number;
  ingestPerMinute: number;
}

/** Shorter secrets are refused: the MACs are only as strong as the secret. */
export const MIN_SECRET_LENGTH = 32;

/** Bodies above this are not EventSub messages (Twitch's are a few KiB); refused before anything is stored. */
export const MAX_BODY_BYTES = 64 * 1024;

export function readSettings(env: RelayEnv): RelaySettings {
  return {
    ttlMs: positive(env.BUFFER_TTL_MS, 300_000),
    heartbeatTimeoutMs: positive(env.HEARTBEAT_TIMEOUT_MS, 20_000),
    verificationTimeoutMs: positive(env.VERIFICATION_TIMEOUT_MS, 8_000),
    validateTimeoutMs: Math.min(positive(env.TOKEN_VALIDATE_TIMEOUT_MS, 3_000), 10_000),
    maxEvents: positive(env.MAX_BUFFERED_EVENTS, 500),
    maxBytes: positive(env.MAX_BUFFERED_BYTES, 2 * 1024 * 1024),
    ingestPerMinute: positive(env.INGEST_PER_MINUTE, 600),
  };
}

function positive(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return raw && Number.isFinite(value) && value > 0 ? value : fallback;
}
