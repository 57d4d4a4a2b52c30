import { type Context, Hono } from "hono";
import { z } from "zod";
import type { SimContext } from "./context.ts";
import { subOnly } from "./entitlements.ts";
import { clientIp } from "./gql.routes.ts";
import { masterCached } from "./hls/ending.ts";
import { renderMasterPlaylist } from "./hls/master-playlist.render.ts";
import { type PlaylistBlob, playbackFor, twitchError, windowSegments } from "./hls/playback.ts";
import { offeredVariants } from "./hls/renditions.ts";
import { saltOf } from "./hls/timeline.ts";
import { readToken, tokenProblem } from "./hls/token.ts";

/**
 * Usher master playlists: /api/channel/hls/{login}.m3u8 (v1) and /api/v2/channel/hls/{login}.m3u8 (v2).
 * The token and signature from GQL are checked (signature, channel, expiry: else 403); an offline channel
 * is a 404 "transcode does not exist" (unless its last broadcast's master is still cached); a restricted
 * one a 403 (geo, or subscribers only unless the token says its viewer subscribes). Each call starts a
 * playback session: its media playlist URLs carry the session id, the token's expiry, whether its viewer
 * sees ads (Turbo and subscribers do not) and, in "session" mode, the MEDIA-SEQUENCE base.
 */

const truthy = z
  .string()
  .optional()
  .transform((v) => v === undefined || /^(1|true|yes)$/i.test(v));
const query = z.object({
  token: z.string().optional(),
  sig: z.string().optional(),
  allow_source: truthy,
  allow_audio_only: truthy,
  supported_codecs: z.string().optional(),
  fast_bread: z
    .string()
    .optional()
    .transform((v) => v !== undefined && /^(1|true|yes)$/i.test(v)),
});

export function usherRoutes(ctx: SimContext): Hono {
  const { state } = ctx;
  const playback = playbackFor(ctx);
  const app = new Hono();

  const master = (version: "v1" | "v2") => (c: Context) => {
    const file = c.req.param("file") ?? "";
    if (!file.endsWith(".m3u8")) return c.text("Not Found", 404);
    const login = file.slice(0, -".m3u8".length).toLowerCase();
    const url = c.req.url;
    const params = query.parse(c.req.query());
    const problem = tokenProblem({
      secret: playback.secret,
      token: params.token,
      sig: params.sig,
      login,
      nowSeconds: playback.nowSeconds(),
    });
    if (problem) return c.json(twitchError(url, problem, "unauthorized"), 403);
    const token = readToken(params.token as string);
    const channel = state.channelByLogin(login);
    const now = state.clock.now();
    // Live, or ended but still in usher's cache (master_cache_seconds): then its playlists answer per the end.
    // A cache that has not caught up with a new broadcast (master_lag_seconds) still hands out the last one.
    const last = channel?.session;
    const live = channel ? state.liveSession(channel) : null;
    const lagging =
      live && channel?.previous && now - live.started_at < (live.master_lag_seconds ?? 0) * 1000
        ? channel.previous
        : null;
    const session = lagging ?? live ?? (last && masterCached(last, now) ? last : null);
    const newest = session ? state.currentSequence(session) : -1;
    if (!channel || !session || newest < 0) {
      return c.json(
        twitchError(url, "twirp error not_found: transcode does not exist", "transcode_does_not_exist"),
        404,
      );
    }
    if (session.restriction === "geoblock") {
      return c.json(twitchError(url, "Content Restricted In Region", "content_geoblocked"), 403);
    }
    if (subOnly(channel, session) && !token?.subscriber) {
      return c.json(
        twitchError(url, "You must be subscribed to watch this channel", "unauthorized_entitlements"),
        403,
      );
    }

    const sessionId = (
      (BigInt(`0x${state.random.hex(16)}`) % 9_000_000_000_000_000_000n) +
      10n ** 18n
    ).toString();
    const base = session.media_sequence === "live" ? 0 : Math.max(0, newest - windowSegments(session) + 1);
    const origin = new URL(url).origin;
    const variants = offeredVariants(session, {
      supportedCodecs: (params.supported_codecs ?? "h264").toLowerCase().split(","),
      allowSource: params.allow_source,
      allowAudioOnly: params.allow_audio_only,
    });
    // Twitch does not sort variants (the source may sit mid-list): rotate by a per-stream amount.
    const turn = variants.length ? saltOf(session.stream_id) % variants.length : 0;
    const ordered = [...variants.slice(turn), ...variants.slice(0, turn)].map((variant) => {
      const blob: PlaylistBlob = {
        c: channel.user.login,
        s: session.stream_id,
        r: variant.shape.name,
        p: sessionId,
        b: base,
        t: now,
        e: token?.expires ?? 0,
        f: params.fast_bread,
        ...(token?.adFree ? { a: true } : {}),
      };
      return { variant, uri: playback.playlistUrl(origin, blob) };
    });
    const text = renderMasterPlaylist({
      version,
      withMediaTags: state.faults.usher_v2_media_tags,
      variants: ordered,
      info: {
        node: "video-edge-sim.local",
        serverTimeMs: now,
        userIp: clientIp(c),
        servingId: state.random.hex(32),
        videoSessionId: sessionId,
        broadcastId: session.stream_id,
        streamTimeSecs: (Math.min(now, session.ended?.at ?? now) - session.started_at) / 1000,
        userCountry: "US",
        enhanced: session.codec !== "h264",
        edgeHint: Buffer.from(`${origin}/v1/segment/`).toString("base64"),
      },
    });
    return c.body(text, 200, { "content-type": "application/vnd.apple.mpegurl" });
  };

  app.get("/api/channel/hls/:file", master("v1"));
  app.get("/api/v2/channel/hls/:file", master("v2"));
  return app;
}
