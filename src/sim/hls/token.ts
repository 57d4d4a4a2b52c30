import { createHmac, timingSafeEqual } from "node:crypto";
import type { Entitlements } from "../entitlements.ts";
import type { PlaybackRestriction } from "../state.ts";

/**
 * The playback access token GQL hands out and usher checks: `value` is a JSON *string* (clients pass it back
 * verbatim as `token=`), `signature` is 40 hex characters (HMAC-SHA1 of the value with the simulator's
 * secret, as Twitch's are SHA1-sized).
 */

export interface TokenInput {
  channel: string;
  channelId: string;
  /** The signed-in viewer, or null when anonymous. */
  userId: string | null;
  /** What the viewer's account gives on this channel (anonymous: nothing). */
  entitlements: Entitlements;
  userIp: string;
  /** Unix seconds. */
  expires: number;
  restriction: PlaybackRestriction | null;
  deviceId: string | null;
  playerType: string;
  platform: string;
}

/** The token's JSON text, with the fields clients read (streamlink's fixture) plus the ones Twitch sends. */
export function playbackTokenValue(input: TokenInput): string {
  const { subscriber, turbo, adFree } = input.entitlements;
  return JSON.stringify({
    adblock: false,
    authorization: {
      forbidden: input.restriction === "geoblock" || (input.restriction === "subscriber" && !subscriber),
      reason: "",
    },
    blackout_enabled: false,
    channel: input.channel,
    channel_id: Number(input.channelId),
    chansub: { restricted_bitrates: [], view_until: 1924905600 },
    ci_gb: false,
    geoblock_reason: input.restriction === "geoblock" ? "content_geoblocked" : "",
    device_id: input.deviceId,
    expires: input.expires,
    extended_history_allowed: false,
    game: "",
    hide_ads: adFree,
    https_required: true,
    mature: false,
    partner: false,
    platform: input.platform,
    player_type: input.playerType,
    private: { allowed_to_view: true },
    privileged: false,
    role: "",
    server_ads: !adFree,
    show_ads: !adFree,
    subscriber,
    turbo,
    user_id: input.userId === null ? null : Number(input.userId),
    user_ip: input.userIp,
    version: 2,
  });
}

export function signToken(secret: Uint8Array, value: string): string {
  return createHmac("sha1", secret).update(value).digest("hex");
}

/** The fields usher relies on, or null when the text is not a token. */
export interface TokenFacts {
  channel: string;
  expires: number;
  userId: string | null;
  /** The viewer subscribes to the channel (passes a sub-only usher). */
  subscriber: boolean;
  /** `hide_ads`: the playlists of this token carry no stitched ads. */
  adFree: boolean;
}

export function readToken(value: string): TokenFacts | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const { channel, expires, user_id, subscriber, hide_ads } = parsed as Record<string, unknown>;
  if (typeof channel !== "string" || typeof expires !== "number") return null;
  return {
    channel,
    expires,
    userId: typeof user_id === "number" || typeof user_id === "string" ? String(user_id) : null,
    subscriber: subscriber === true,
    adFree: hide_ads === true,
  };
}

/**
 * Why usher refuses this token and signature for `login` at `nowSeconds`, or null if it is good. The
 * signature is checked over the exact text received, so a re-serialised token fails like on Twitch.
 */
export function tokenProblem(input: {
  secret: Uint8Array;
  token: string | undefined;
  sig: string | undefined;
  login: string;
  nowSeconds: number;
}): string | null {
  if (!input.token) return "token: missing";
  if (!input.sig) return "sig: missing";
  const expected = Buffer.from(signToken(input.secret, input.token));
  const given = Buffer.from(input.sig.toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return "sig: does not match token";
  const facts = readToken(input.token);
  if (!facts) return "token: not a playback token";
  if (facts.channel.toLowerCase() !== input.login.toLowerCase()) {
    return `token: issued for channel ${facts.channel}, not ${input.login}`;
  }
  if (facts.expires <= input.nowSeconds) return "token: expired";
  return null;
}
