import { z } from "zod";

const rate = z.number().min(0).max(1);

/**
 * Fault switches and rates, all off by default. `POST /sim/faults` merges a partial update; every random
 * decision uses the simulator's seeded Random, so a run with the same seed fails the same way.
 */
export const faultsSchema = z.strictObject({
  /** Segment requests answered 5xx. */
  segment_error_rate: rate,
  /** Segment requests that stall `segment_stall_ms` before answering. */
  segment_stall_rate: rate,
  segment_stall_ms: z.number().int().min(0).max(120_000),
  /** Segment bodies cut short (the connection closes mid-body). */
  segment_truncate_rate: rate,
  /**
   * Segment bodies answered 200 and complete as HTTP goes, but cut short (an edge cache holding a partial
   * object): the length matches what is sent, so only the media itself shows it.
   */
  segment_short_rate: rate,
  /**
   * Content segments gone for good: every request for one answers 410, so a client gives up on it (a gap).
   * Decided per segment from the seed, so the same segments are lost on every retry and every run.
   */
  segment_lost_rate: rate,
  /** Media playlist requests answered 5xx. */
  playlist_error_rate: rate,
  /** Media playlist requests answered 404 although the stream is live (CDN blips). */
  playlist_404_rate: rate,
  /** Live media playlist reloads answered with the window of 1–3 segments earlier (a lagging CDN edge). */
  playlist_stale_rate: rate,
  /** Helix requests answered 429 (with Ratelimit-Reset). */
  helix_429_rate: rate,
  /** IGDB requests answered 429 (besides IGDB's own 4 requests a second). */
  igdb_429_rate: rate,
  /** IGDB answers that are JSON of the wrong shape (ids as text, genres as bare numbers). */
  igdb_malformed_rate: rate,
  /** Subscription creations (POST /helix/eventsub/subscriptions) answered 503: Twitch's EventSub struggling. */
  eventsub_create_error_rate: rate,
  /** GQL answers this error instead of a playback token; null for none. */
  gql_error: z
    .enum(["server error", "service timeout", "service unavailable", "PersistedQueryNotFound"])
    .nullable(),
  /** GQL asks for the integrity dance (`failed integrity check` until a Client-Integrity header comes). */
  integrity_required: z.boolean(),
  /**
   * GQL refuses (401) user tokens issued to another application than Twitch's web player: whether Twitch
   * takes a third-party app's user token on GQL is not known for sure (streamlink documents the web cookie).
   */
  gql_refuse_app_tokens: z.boolean(),
  /** Playback tokens expire after this many (simulated) seconds; playlists and segments then answer 403. */
  token_ttl_seconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 86_400),
  /** What GQL answers for a channel that exists but is offline: a token (then usher 404s), or null like an unknown one. */
  offline_token: z.enum(["token", "null"]),
  /**
   * Share of live-to-live segment boundaries that get a spurious EXT-X-DISCONTINUITY. Twitch does this in normal
   * operation, so unlike the faults above it is on by default (2%); decided per segment from the seed.
   */
  spurious_discontinuity_rate: rate,
  /** Usher v2 masters also carry EXT-X-MEDIA lines (one v2 capture shows them). */
  usher_v2_media_tags: z.boolean(),
  /** Seconds after going live before Helix /streams lists the stream (Twitch's API lags the video). */
  helix_streams_lag_seconds: z.number().min(0).max(600),
  /** EventSub notifications delivered twice (same Message-Id). */
  webhook_duplicate_rate: rate,
  /** EventSub timestamps more than 10 minutes old (a receiver must refuse them). */
  webhook_late: z.boolean(),
  /** EventSub deliveries with a wrong signature. */
  webhook_bad_signature_rate: rate,
  /** Delay before each EventSub delivery, in real milliseconds. */
  webhook_delay_ms: z.number().int().min(0).max(600_000),
  /** GET /oauth2/authorize answers as if the user clicked "Cancel" (error=access_denied). */
  oauth_authorize_deny: z.boolean(),
  /**
   * A chat socket whose unsent bytes pass this is dropped, as Twitch drops slow consumers (on by default:
   * Twitch always does; its real threshold is not published). 16 KiB to 32 MiB.
   */
  irc_slow_consumer_bytes: z
    .number()
    .int()
    .min(16 * 1024)
    .max(32 * 1024 * 1024),
});

export type Faults = z.infer<typeof faultsSchema>;
export const faultsUpdateSchema = faultsSchema.partial();
export type FaultsUpdate = z.infer<typeof faultsUpdateSchema>;

/**
 * One-shot chat faults `POST /sim/faults` also takes: they act at once on every open chat socket and are
 * not kept. `irc_reconnect` sends `RECONNECT` then closes each socket shortly after (Twitch before
 * maintenance); `irc_drop` closes each at once without a word or a close frame.
 */
export const faultActionsSchema = z.strictObject({
  irc_reconnect: z.boolean().optional(),
  irc_drop: z.boolean().optional(),
});
export type FaultActions = z.infer<typeof faultActionsSchema>;
export const faultsRequestSchema = faultsUpdateSchema.extend(faultActionsSchema.shape);

const DEFAULTS: Faults = {
  segment_error_rate: 0,
  segment_stall_rate: 0,
  segment_stall_ms: 5_000,
  segment_truncate_rate: 0,
  segment_short_rate: 0,
  segment_lost_rate: 0,
  playlist_error_rate: 0,
  playlist_404_rate: 0,
  playlist_stale_rate: 0,
  helix_429_rate: 0,
  igdb_429_rate: 0,
  igdb_malformed_rate: 0,
  eventsub_create_error_rate: 0,
  gql_error: null,
  integrity_required: false,
  gql_refuse_app_tokens: false,
  token_ttl_seconds: 86_400,
  offline_token: "token",
  spurious_discontinuity_rate: 0.02,
  usher_v2_media_tags: false,
  helix_streams_lag_seconds: 0,
  webhook_duplicate_rate: 0,
  webhook_late: false,
  webhook_bad_signature_rate: 0,
  webhook_delay_ms: 0,
  oauth_authorize_deny: false,
  irc_slow_consumer_bytes: 8 * 1024 * 1024,
};

export function defaultFaults(): Faults {
  return { ...DEFAULTS };
}
