import type { ResolvedConfig } from "./load.ts";
import { redactUrl } from "./load.ts";
import { SECRET_KEYS } from "./schema.ts";

const REDACTED = "REDACTED";

/** A copy of the config that is safe to log: secrets, passwords in URLs and relay tokens hidden. */
export function redactConfig(config: ResolvedConfig): Record<string, unknown> {
  const copy = structuredClone(config) as unknown as Record<string, Record<string, unknown>>;
  for (const key of SECRET_KEYS) {
    const [section, name] = key.split(".") as [string, string];
    const table = copy[section];
    if (table?.[name]) table[name] = REDACTED;
  }
  copy.database = { ...copy.database, url: redactUrl(config.database.url) };
  copy.live = {
    ...copy.live,
    relay_ingest_url: redactRelayToken(config.live.relay_ingest_url),
    relay_subscribe_url: redactRelayToken(config.live.relay_subscribe_url),
  };
  return copy;
}

/** Relay URLs carry their bearer token as a path segment: /u/<token>. */
export function redactRelayToken(url: string): string {
  return url.replace(/\/u\/[^/?#]+/, `/u/${REDACTED}`);
}

/**
 * The few facts worth a line at start (where data goes, which database and storage); the whole redacted
 * config is logged at debug level.
 */
export function configSummary(config: ResolvedConfig): Record<string, string> {
  const s = config.storage;
  return {
    config_file: config.config_file ?? "none",
    data_dir: config.data_dir,
    database: redactUrl(config.database.url),
    storage:
      s.type === "s3"
        ? `s3 bucket ${s.s3_bucket || "(none)"}${s.s3_endpoint ? ` at ${s.s3_endpoint}` : ""}`
        : "local",
  };
}
