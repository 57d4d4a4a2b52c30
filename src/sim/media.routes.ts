import { type Context, Hono } from "hono";
import { z } from "zod";
import type { SimContext } from "./context.ts";
import { frozenAt, playlistAnswer } from "./hls/ending.ts";
import { renderMediaPlaylist } from "./hls/media-playlist.render.ts";
import { buildMediaWindow, staleLag, startOf } from "./hls/media-window.ts";
import {
  type KnownSession,
  playbackFor,
  twitchError,
  viewedSession,
  windowSegments,
} from "./hls/playback.ts";
import { variantFor } from "./hls/renditions.ts";
import { newestAt, segmentLost, slotAt } from "./hls/timeline.ts";
import { servePoolSegment } from "./media/pool.ts";
import { poolSpecFor } from "./media/pool-spec.ts";

/**
 * Media playlists (/v1/playlist/<blob>.m3u8), segments and init segments (/v1/segment/<blob>.ts|.mp4),
 * and the segment ledger GET /sim/channels/{login}/segments. Playlists are rendered per request from the
 * session and the simulated clock (after the end, per its end settings: hls/ending.ts); segment bytes come
 * from ffmpeg-rendered pools with patched timestamps.
 */

/** Prefetch hints name the next two segments, which a client may fetch before they are complete. */
const PREFETCH = 2;
const ledgerQuery = z.object({
  stream_id: z.string().optional(),
  kind: z.enum(["content", "ad"]).optional(),
});

export function mediaRoutes(ctx: SimContext): Hono {
  const { state, log } = ctx;
  const playback = playbackFor(ctx);
  const app = new Hono();

  const serverError = (c: Context) => {
    const status = ([500, 502, 503, 504] as const)[state.random.int(0, 3)] ?? 503;
    return c.text("upstream unavailable (simulated)", status);
  };

  app.get("/v1/playlist/:file", (c) => {
    const url = c.req.url;
    const blob = playback.openPlaylist(c.req.param("file"));
    const known = blob && playback.session(blob.s);
    const variant = known && variantFor(known.session, blob.r);
    if (!blob || !known || !variant) return c.text("Not Found", 404);
    const session = viewedSession(known.session, blob);
    if (blob.e <= playback.nowSeconds())
      return c.json(twitchError(url, "token expired", "token_expired"), 403);
    const now = state.clock.now();
    const answer = playlistAnswer(session, now);
    if (answer === "404") {
      return c.json(
        twitchError(url, "twirp error not_found: transcode does not exist", "transcode_does_not_exist"),
        404,
      );
    }
    if (answer === "403") return c.json(twitchError(url, "Forbidden", "forbidden"), 403);
    if (state.random.chance(state.faults.playlist_error_rate)) return serverError(c);
    if (answer === "live" && state.random.chance(state.faults.playlist_404_rate))
      return c.text("Not Found", 404);

    // A lagging edge answers the window as it was a few segments ago (never before this URL existed).
    const newest = state.currentSequence(session);
    const lag =
      answer === "live" && state.random.chance(state.faults.playlist_stale_rate)
        ? staleLag(newest, newestAt(session, blob.t), state.random.int(1, 3))
        : 0;
    const last = newest - lag;
    const first = Math.max(0, last - windowSegments(session) + 1);
    const prefetch =
      session.low_latency && blob.f && answer === "live"
        ? Array.from({ length: PREFETCH }, (_, k) => last + 1 + k)
        : [];
    const origin = new URL(url).origin;
    const playlist = buildMediaWindow({
      session,
      first,
      last,
      prefetch,
      mediaSequenceBase: blob.b,
      nowMs: answer === "frozen" ? frozenAt(session, blob.t) : now - lag * session.segment_seconds * 1000,
      playbackSession: { id: blob.p, startedAtMs: blob.t },
      spuriousDiscontinuityRate: state.faults.spurious_discontinuity_rate,
      salt: playback.salt(session.stream_id),
      endlist: answer === "endlist",
      fmp4: variant.format === "fmp4",
      segmentUri: (n) => playback.segmentUrl(origin, blob, variant, n),
      initUri: (slot) => playback.initUrl(origin, blob, slot),
    });
    const kinds = new Set<"content" | "ad">();
    for (const segment of playlist.segments) {
      const slot = slotAt(session, segment.sequence);
      kinds.add(slot.kind);
      playback.ledger.listed(blob.c, { session, sequence: segment.sequence, slot }, "segment");
    }
    if (playlist.prefetch.length) {
      for (const n of prefetch)
        playback.ledger.listed(blob.c, { session, sequence: n, slot: slotAt(session, n) }, "prefetch");
    }
    // Start rendering what this playlist points at, so the first segment request finds it ready sooner.
    for (const kind of kinds) {
      playback.pools.get(poolSpecFor(variant, kind, session.segment_seconds), log).catch(() => {});
    }
    return c.body(renderMediaPlaylist(playlist), 200, { "content-type": "application/vnd.apple.mpegurl" });
  });

  app.get("/v1/segment/:file", async (c) => {
    const blob = playback.openSegment(c.req.param("file"));
    const known = blob && playback.session(blob.s);
    const variant = known && variantFor(known.session, blob.r);
    if (!blob || !known || !variant) return c.text("Not Found", 404);
    if (blob.e <= playback.nowSeconds())
      return c.json(twitchError(c.req.url, "token expired", "token_expired"), 403);
    const session = viewedSession(known.session, blob);
    const d = session.segment_seconds;
    const contentType = variant.format === "fmp4" ? "video/mp4" : "video/mp2t";

    if (blob.i) {
      const pool = await playback.pools.get(poolSpecFor(variant, blob.i, d), log);
      return new Response(pool.init ?? new Uint8Array(), { headers: { "content-type": "video/mp4" } });
    }
    const n = blob.n ?? 0;
    if (!(await produced(known, n))) return c.text("Not Found", 404);

    const slot = slotAt(session, n);
    const segment = { session, sequence: n, slot };
    const fail = (response: Response) => {
      playback.ledger.fetched(blob.c, segment, variant.shape.name, false);
      return response;
    };
    if (
      slot.kind === "content" &&
      segmentLost(playback.salt(session.stream_id), n, state.faults.segment_lost_rate)
    ) {
      return fail(c.text("Gone", 410));
    }
    if (state.random.chance(state.faults.segment_error_rate)) return fail(serverError(c));
    if (state.random.chance(state.faults.segment_stall_rate)) await Bun.sleep(state.faults.segment_stall_ms);
    const truncate = state.random.chance(state.faults.segment_truncate_rate);
    const short = !truncate && state.random.chance(state.faults.segment_short_rate);

    const spec = poolSpecFor(variant, slot.kind, d);
    const pool = playback.pools.ready(spec) ?? (await playback.pools.get(spec, log));
    const bytes = servePoolSegment(pool, slot.kind === "ad" ? slot.index : n, n + 1);
    if (truncate) {
      const cut = Math.floor(bytes.length * (0.1 + 0.8 * state.random.next()));
      return fail(
        new Response(truncatedBody(bytes.subarray(0, cut)), { headers: { "content-type": contentType } }),
      );
    }
    if (short && slot.kind !== "ad") {
      const cut = Math.floor(bytes.length * (0.3 + 0.6 * state.random.next()));
      return fail(new Response(bytes.subarray(0, cut), { headers: { "content-type": contentType } }));
    }
    playback.ledger.fetched(blob.c, segment, variant.shape.name, true);
    return new Response(bytes, { headers: { "content-type": contentType } });
  });

  /**
   * Whether segment n exists by now. The next two (the prefetch hints) are waited for, as Twitch's edge
   * holds a request for a segment still being produced; anything later, or past the end, does not exist.
   */
  async function produced({ session }: KnownSession, n: number): Promise<boolean> {
    const newest = state.currentSequence(session);
    if (n <= newest) return true;
    if (session.ended || n > newest + PREFETCH) return false;
    await Bun.sleep(state.clock.realDelayUntil(startOf(session, n + 1)));
    return !session.ended || n <= state.currentSequence(session);
  }

  app.get("/sim/channels/:login/segments", (c) => {
    const channel = state.channelByLogin(c.req.param("login"));
    if (!channel) return c.json({ error: `no channel ${c.req.param("login")}` }, 404);
    const filter = ledgerQuery.safeParse(c.req.query());
    if (!filter.success) {
      const issue = filter.error.issues[0];
      return c.json({ error: `${issue?.path.join(".")}: ${issue?.message}` }, 400);
    }
    return c.json({
      login: channel.user.login,
      stream_id: channel.session?.stream_id ?? null,
      segments: playback.ledger.forChannel(channel.user.login, filter.data),
    });
  });

  return app;
}

/** A body that sends the given bytes and then breaks the connection, as a CDN cut mid-transfer does. */
function truncatedBody(part: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(part);
    },
    pull(controller) {
      // No reason given: Bun resets the connection without logging an error.
      controller.error();
    },
  });
}
