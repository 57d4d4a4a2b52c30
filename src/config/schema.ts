import { z } from "zod";
import { allowListEntryProblem } from "../net/outbound.ts";
import { bool, byteSize, eventSubSecret, httpUrl, int, list, oneOf, ratio, str, wsUrl } from "./fields.ts";

/**
 * The one typed configuration object. Defaults here are the documented defaults of
 * config.example.toml; a test keeps the two in step.
 */
export const SERVER_MODES = ["", "off", "poll", "direct", "relay"] as const;
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;

export const configSchema = z.strictObject({
  data_dir: str().default("./data"),
  server: z
    .strictObject({
      host: str().default("0.0.0.0"),
      // 0 picks any free port (tests use it); the address is logged at start.
      port: int(0, 65535).default(8080),
      public_base_url: httpUrl().default(""),
      trusted_origins: list().default([]),
      shutdown_timeout_seconds: int(1, 300).default(10),
    })
    .prefault({}),
  database: z
    .strictObject({
      url: str().default(""),
      pool_size: int(1, 200).default(10),
    })
    .prefault({}),
  log: z
    .strictObject({
      level: oneOf(LOG_LEVELS).default("info"),
      format: oneOf(["", "pretty", "json"] as const).default(""),
      to_file: bool().default(false),
      /** Empty: `<data_dir>/logs`. */
      dir: str().default(""),
      /** A file to write the log to (rotated); set, it wins over to_file and dir. */
      file: str().default(""),
      /** The file is rotated before it grows past this many MiB. */
      file_max_mb: int(1, 10_240).default(10),
      /** Rotated copies kept (`<file>.1` … `<file>.N`). */
      file_keep: int(0, 100).default(5),
    })
    .prefault({}),
  live: z
    .strictObject({
      mode: oneOf(SERVER_MODES).default(""),
      webhook_callback_url: httpUrl().default(""),
      relay_ingest_url: httpUrl().default(""),
      relay_subscribe_url: str().default(""),
      relay_subscribe_key: str().default(""),
      relay_local_callback_url: httpUrl().default(""),
      poll_interval_seconds: int(10, 3600).default(60),
      hmac_secret: eventSubSecret().default(""),
    })
    .prefault({}),
  twitch: z
    .strictObject({
      client_id: str().default(""),
      client_secret: str().default(""),
      simulator_url: httpUrl().default(""),
      helix_url: httpUrl().default(""),
      oauth_url: httpUrl().default(""),
      gql_url: httpUrl().default(""),
      usher_url: httpUrl().default(""),
      irc_url: wsUrl().default(""),
      // A Twitch user's refresh token: playback as that account (Turbo: no ads; its subscriptions: sub-only
      // streams). Wins over the account the owner signs in from System.
      service_account_refresh_token: str().default(""),
    })
    .prefault({}),
  auth: z
    .strictObject({
      session_secret: str()
        .refine(
          (v) => v === "" || v.length >= 32,
          "expected at least 32 characters, or empty to generate one",
        )
        .default(""),
      owner_twitch_id: z
        .preprocess((v) => (typeof v === "number" ? String(v) : v), str())
        .refine((v) => v === "" || /^\d+$/.test(v), "expected a numeric Twitch user id, or empty")
        .default(""),
      // On by default: a fresh install admits its owner only; the owner adds people (WHITELIST_ENABLED=false
      // opens it to anyone with a Twitch account, as viewers).
      whitelist_enabled: bool().default(true),
      whitelisted_user_ids: list()
        .refine((ids) => ids.every((id) => /^\d+$/.test(id)), "expected numeric Twitch user ids")
        .default([]),
    })
    .prefault({}),
  recorder: z
    .strictObject({
      max_concurrent: int(1, 100).default(5),
      segment_concurrency: int(1, 16).default(4),
      max_restart_gap_seconds: int(0, 3600).default(120),
      max_part_bytes: int(0, 2 ** 50).default(0),
      max_part_seconds: int(0, 7 * 86_400).default(0),
      stall_seconds: int(30, 3600).default(180),
      enable_av1: bool().default(false),
      disable_hevc: bool().default(false),
      // The free-space floor on the data folder's disk: the smaller of the two; 0 in either turns it off.
      min_free_bytes: byteSize(2 ** 50).default(2 * 2 ** 30),
      min_free_percent: int(0, 90).default(5),
      // Lost segments a recording may have and still be done; strict fails it at the first one.
      max_gap_ratio: ratio().default(0.01),
      strict_gaps: bool().default(false),
    })
    .prefault({}),
  chat: z
    .strictObject({
      // Capture the chat of every recording (a schedule can turn it off for its own).
      enabled: bool().default(true),
    })
    .prefault({}),
  storage: z
    .strictObject({
      type: oneOf(["local", "s3"] as const).default("local"),
      s3_endpoint: httpUrl().default(""),
      s3_bucket: str().default(""),
      s3_region: str().default(""),
      s3_access_key_id: str().default(""),
      s3_secret_access_key: str().default(""),
      s3_path_style: bool().default(true),
    })
    .prefault({}),
  scheduler: z
    .strictObject({
      enabled: bool().default(true),
      tick_seconds: int(1, 300).default(15),
      fetch_logs_retention_days: int(0, 3650).default(14),
      event_logs_retention_days: int(0, 3650).default(14),
    })
    .prefault({}),
  recording_webhook: z
    .strictObject({
      // Receivers beyond https to a public address: names, addresses, CIDR ranges (src/net/outbound.ts).
      allowed_hosts: list()
        .superRefine((entries, ctx) => {
          const problem = entries.map(allowListEntryProblem).find((p) => p !== null);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        })
        .default([]),
    })
    .prefault({}),
  ffmpeg: z
    .strictObject({
      ffmpeg_path: str().default("ffmpeg"),
      ffprobe_path: str().default("ffprobe"),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;

/**
 * Environment variables and the config key each one sets. The environment wins over config.toml.
 * This table is the only place that knows variable names.
 */
export const ENV_KEYS: Readonly<Record<string, readonly [string, string] | readonly [string]>> = {
  DATA_DIR: ["data_dir"],
  HOST: ["server", "host"],
  PORT: ["server", "port"],
  PUBLIC_BASE_URL: ["server", "public_base_url"],
  TRUSTED_ORIGINS: ["server", "trusted_origins"],
  DATABASE_URL: ["database", "url"],
  LOG_LEVEL: ["log", "level"],
  LOG_FORMAT: ["log", "format"],
  LOG_TO_FILE: ["log", "to_file"],
  LOG_DIR: ["log", "dir"],
  LOG_FILE: ["log", "file"],
  LOG_FILE_MAX_MB: ["log", "file_max_mb"],
  LOG_FILE_KEEP: ["log", "file_keep"],
  SERVER_MODE: ["live", "mode"],
  WEBHOOK_CALLBACK_URL: ["live", "webhook_callback_url"],
  RELAY_INGEST_URL: ["live", "relay_ingest_url"],
  RELAY_SUBSCRIBE_URL: ["live", "relay_subscribe_url"],
  RELAY_SUBSCRIBE_KEY: ["live", "relay_subscribe_key"],
  HMAC_SECRET: ["live", "hmac_secret"],
  RELAY_LOCAL_CALLBACK_URL: ["live", "relay_local_callback_url"],
  TWITCH_CLIENT_ID: ["twitch", "client_id"],
  TWITCH_CLIENT_SECRET: ["twitch", "client_secret"],
  TWITCH_SIMULATOR_URL: ["twitch", "simulator_url"],
  TWITCH_HELIX_URL: ["twitch", "helix_url"],
  TWITCH_OAUTH_URL: ["twitch", "oauth_url"],
  TWITCH_GQL_URL: ["twitch", "gql_url"],
  TWITCH_USHER_URL: ["twitch", "usher_url"],
  TWITCH_IRC_URL: ["twitch", "irc_url"],
  CHAT_ENABLED: ["chat", "enabled"],
  TWITCH_SERVICE_ACCOUNT_REFRESH_TOKEN: ["twitch", "service_account_refresh_token"],
  SESSION_SECRET: ["auth", "session_secret"],
  OWNER_TWITCH_ID: ["auth", "owner_twitch_id"],
  WHITELIST_ENABLED: ["auth", "whitelist_enabled"],
  WHITELISTED_USER_IDS: ["auth", "whitelisted_user_ids"],
  FFMPEG_PATH: ["ffmpeg", "ffmpeg_path"],
  S3_ACCESS_KEY_ID: ["storage", "s3_access_key_id"],
  S3_SECRET_ACCESS_KEY: ["storage", "s3_secret_access_key"],
  FFPROBE_PATH: ["ffmpeg", "ffprobe_path"],
  MIN_FREE_BYTES: ["recorder", "min_free_bytes"],
  MIN_FREE_PERCENT: ["recorder", "min_free_percent"],
  RECORDER_MAX_GAP_RATIO: ["recorder", "max_gap_ratio"],
  RECORDER_STRICT_GAPS: ["recorder", "strict_gaps"],
  WEBHOOK_ALLOWED_HOSTS: ["recording_webhook", "allowed_hosts"],
};

/** Keys whose values never appear in logs or error messages. */
export const SECRET_KEYS = new Set([
  "twitch.client_secret",
  "twitch.service_account_refresh_token",
  "auth.session_secret",
  "live.relay_subscribe_key",
  "live.hmac_secret",
  "storage.s3_secret_access_key",
]);
