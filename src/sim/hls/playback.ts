import { createHash } from "node:crypto";
import { z } from "zod";
import type { SimContext } from "../context.ts";
import { defaultMediaCacheDir, type PoolStore, sharedPoolStore } from "../media/pool.store.ts";
import type { Channel, LiveSession } from "../state.ts";
import { SegmentLedger } from "./ledger.ts";
import type { Variant } from "./renditions.ts";
import { seal, unseal } from "./sealed.ts";
import { type Slot, saltOf } from "./timeline.ts";

/**
 * What the GQL, usher and media surfaces share: the signing secret (derived from the seed, so a replayed
 * run signs the same), every live session by stream id (old ones too, so a recorder holding an old URL
 * sees the ending it was promised), the segment ledger, the media pools, and the URL blobs.
 */

/** What a media playlist URL carries (short keys keep URLs short). */
export const playlistBlob = z.object({
  /** channel login */
  c: z.string(),
  /** stream id */
  s: z.string(),
  /** rendition */
  r: z.string(),
  /** playback session id (X-TV-TWITCH-SESSIONID) */
  p: z.string(),
  /** MEDIA-SEQUENCE base of the playback session */
  b: z.number().int().min(0),
  /** playback session start, simulated epoch ms */
  t: z.number(),
  /** token expiry, unix seconds */
  e: z.number(),
  /** low-latency prefetch asked for (usher's fast_bread) */
  f: z.boolean(),
  /** ad-free: the token's viewer has Turbo or subscribes, so stitched ads are not served to them */
  a: z.boolean().optional(),
});
export type PlaylistBlob = z.infer<typeof playlistBlob>;

/** What a segment URL carries: a media segment (`n`) or an init segment (`i`, with the break for ads). */
export const segmentBlob = z.object({
  c: z.string(),
  s: z.string(),
  r: z.string(),
  e: z.number(),
  /** ad-free, as the playlist it came from */
  a: z.boolean().optional(),
  n: z.number().int().min(0).optional(),
  i: z.enum(["content", "ad"]).optional(),
  k: z.string().optional(),
});
export type SegmentBlob = z.infer<typeof segmentBlob>;

export interface KnownSession {
  channel: Channel;
  session: LiveSession;
}

export class Playback {
  readonly secret: Uint8Array;
  readonly ledger = new SegmentLedger();
  readonly pools: PoolStore;
  private readonly sessions = new Map<string, KnownSession>();

  constructor(private readonly ctx: SimContext) {
    this.secret = createHash("sha256").update(`replayd-sim-playback:${ctx.state.random.seed}`).digest();
    this.pools = sharedPoolStore(
      ctx.media?.cacheDir ?? defaultMediaCacheDir(),
      ctx.media?.ffmpeg ?? "ffmpeg",
    );
    ctx.state.onEvent((event) => {
      if (event.type === "stream.online") this.remember(event.channel, event.session);
    });
    for (const channel of ctx.state.channels.values())
      if (channel.session) this.remember(channel, channel.session);
  }

  /** The session with this stream id, live or ended. */
  session(streamId: string): KnownSession | null {
    return this.sessions.get(streamId) ?? null;
  }

  /** Per-stream salt for seeded per-segment choices (spurious discontinuities). */
  salt(streamId: string): number {
    return saltOf(`${this.ctx.state.random.seed}:${streamId}`);
  }

  nowSeconds(): number {
    return Math.floor(this.ctx.state.clock.now() / 1000);
  }

  playlistUrl(origin: string, blob: PlaylistBlob): string {
    return `${origin}/v1/playlist/${seal(this.secret, blob)}.m3u8`;
  }

  segmentUrl(origin: string, from: PlaylistBlob, variant: Variant, sequence: number): string {
    const blob: SegmentBlob = { c: from.c, s: from.s, r: from.r, e: from.e, ...adFree(from), n: sequence };
    return `${origin}/v1/segment/${seal(this.secret, blob)}.${variant.format === "fmp4" ? "mp4" : "ts"}`;
  }

  /** Content has one init per rendition; each ad break has its own, so the URI changes across a break. */
  initUrl(origin: string, from: PlaylistBlob, slot: Slot): string {
    const blob: SegmentBlob =
      slot.kind === "ad"
        ? { c: from.c, s: from.s, r: from.r, e: from.e, i: "ad", k: slot.ad.commercial_id }
        : { c: from.c, s: from.s, r: from.r, e: from.e, ...adFree(from), i: "content" };
    return `${origin}/v1/segment/${seal(this.secret, blob)}.mp4`;
  }

  openPlaylist(file: string): PlaylistBlob | null {
    return unseal(this.secret, file.replace(/\.m3u8$/, ""), playlistBlob);
  }

  openSegment(file: string): SegmentBlob | null {
    return unseal(this.secret, file.replace(/\.(ts|mp4)$/, ""), segmentBlob);
  }

  private remember(channel: Channel, session: LiveSession): void {
    this.sessions.set(session.stream_id, { channel, session });
  }
}

const instances = new WeakMap<SimContext, Playback>();

/** The one Playback of a simulator (the three route modules each ask for it). */
export function playbackFor(ctx: SimContext): Playback {
  let playback = instances.get(ctx);
  if (!playback) {
    playback = new Playback(ctx);
    instances.set(ctx, playback);
    ctx.stateSections.set("segments", () => playback?.ledger.summary());
    ctx.stateSections.set("media", () => playback?.pools.describe());
  }
  return playback;
}

function adFree(blob: { a?: boolean }): { a?: true } {
  return blob.a ? { a: true } : {};
}

/**
 * The session as a viewer sees it: an ad-free one (Turbo, a subscriber) gets the live content where others
 * get a stitched ad, so its playlists and segments are those of a session without breaks.
 */
export function viewedSession(session: LiveSession, blob: { a?: boolean }): LiveSession {
  return blob.a ? { ...session, ads: [] } : session;
}

/** The sliding window size of a session (default 15, Twitch's ~30 s of 2 s segments). */
export function windowSegments(session: LiveSession): number {
  return session.window_segments ?? 15;
}

/** Usher / weaver error bodies: a JSON array of one error, as Twitch sends them. */
export function twitchError(url: string, error: string, errorCode: string) {
  return [{ url, error, error_code: errorCode, type: "error" }];
}
