import type { Variant } from "../hls/master-playlist.ts";
import type { Logger } from "../log/logger.ts";
import { type PlaybackClient, PlaybackError, type PlaybackToken } from "../twitch/playback.client.ts";
import { type CodecPolicy, type Quality, selectVariant } from "../twitch/variant.ts";
import type { LockedVariant } from "./resume-state.ts";

/** What one playback session gives the recorder: a token, the chosen rendition, its media playlist. */
export interface PlaybackSession {
  token: PlaybackToken;
  variant: Variant;
  playlistUrl: string;
  /** Usher's id of the broadcast, when it says: a different one after an end is a new broadcast. */
  broadcastId: string | null;
}

export interface SessionRequest {
  login: string;
  quality: Quality;
  policy: CodecPolicy;
}

/** What a playback session is asked of Twitch's playback API. */
export type PlaybackApi = Pick<PlaybackClient, "accessToken" | "master">;

/**
 * Asks Twitch for playback and picks the rendition. The codecs offered to usher follow the policy, so
 * enhanced (HEVC/AV1, above 1080p) renditions are listed only when they may be recorded.
 */
export async function openSession(client: PlaybackApi, request: SessionRequest): Promise<PlaybackSession> {
  const token = await client.accessToken(request.login);
  const codecs = request.policy.forceH264
    ? ["h264"]
    : [...(request.policy.enableAv1 ? ["av1"] : []), ...(request.policy.disableHevc ? [] : ["h265"]), "h264"];
  const { variants, broadcastId } = await client.master(request.login, token, codecs).catch((err) => {
    throw readableRefusal(err, token.signedIn);
  });
  const variant = selectVariant(variants, request.quality, request.policy);
  return { token, variant, playlistUrl: variant.uri, broadcastId };
}

/** Usher's and GQL's codes for a stream only its subscribers may watch. */
const SUB_ONLY_CODES = new Set([
  "unauthorized_entitlements",
  "subscriptions_restricted",
  "subs_only_restricted",
]);

/**
 * A sub-only refusal in the owner's terms: what to do about it, not Twitch's code. Signed in, the service
 * account does not subscribe; anonymous, there is none (or its token could not be had this time, which its
 * System page says). Any other error is left as it is. Pure.
 */
export function readableRefusal(err: unknown, signedIn: boolean): unknown {
  if (!(err instanceof PlaybackError) || err.kind !== "forbidden" || !SUB_ONLY_CODES.has(err.code ?? ""))
    return err;
  const message = signedIn
    ? "sub-only stream: the service account does not subscribe to it (change the account in System)"
    : "sub-only stream: set a service account that subscribes to it in System";
  return new PlaybackError("forbidden", message, err.code, err.status);
}

/**
 * The playback session, or "offline" when Twitch has no live playback for the channel now (or cannot give
 * one this moment: a transient refusal is retried by the caller, like an offline channel).
 */
export async function sessionOrOffline(
  client: PlaybackApi,
  request: SessionRequest,
  log: Pick<Logger, "warn">,
): Promise<PlaybackSession | "offline"> {
  try {
    return await openSession(client, request);
  } catch (err) {
    if (err instanceof PlaybackError && err.kind === "offline") return "offline";
    if (err instanceof PlaybackError && err.kind === "transient") {
      log.warn({ err: err.message }, "playback not available right now; retrying");
      return "offline";
    }
    throw err;
  }
}

export function lockOf(variant: Variant): LockedVariant {
  return {
    name: variant.name,
    codec: variant.codec,
    height: variant.height,
    fps: variant.fps === null ? null : Math.round(variant.fps),
    audio_only: variant.audioOnly,
  };
}

/** Same rendition as the part was locked to: the part can go on with the new session's playlist. */
export function sameVariant(a: LockedVariant, b: LockedVariant): boolean {
  return a.codec === b.codec && a.height === b.height && a.fps === b.fps && a.audio_only === b.audio_only;
}

/** Refresh this long before the token's own expiry, so the playlist never answers 403 mid-stream. */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;

export function tokenNeedsRefresh(token: PlaybackToken, now: number): boolean {
  return token.expiresAt !== null && token.expiresAt - TOKEN_REFRESH_MARGIN_MS <= now;
}
