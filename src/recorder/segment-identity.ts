/**
 * Which segments of a media playlist a recording has not handled yet, and their place in it.
 *
 * Positions are the recording's own count of segments, one per segment in broadcast order (ads included).
 * Within one playback session they follow EXT-X-MEDIA-SEQUENCE, as any HLS client does. A new session
 * (token refresh, restart, rejoin) numbers its segments afresh, and Twitch's EXT-X-TWITCH-LIVE-SEQUENCE may
 * or may not count stitched ads (undocumented), so a session is anchored on what the recording saw last:
 * the frontier's program date-time first, LIVE-SEQUENCE only where there are no dates, and a different
 * broadcast id makes everything new. Pure: the poller feeds it playlists and hands on what it returns.
 */

/** The last segment a recording handled, as a later playlist can recognise it. */
export interface Frontier {
  position: number;
  /** EXT-X-PROGRAM-DATE-TIME of the segment, epoch ms. */
  date: number | null;
  /** Its LIVE-SEQUENCE number (the playlist's LIVE-SEQUENCE plus its index), when Twitch sent one. */
  live: number | null;
  /** usher's BROADCAST-ID of the session it came from. */
  broadcastId: string | null;
}

/** What identity needs of a listed segment. */
export interface SegmentLike {
  /** EXT-X-MEDIA-SEQUENCE numbering. */
  sequence: number;
  programDateTime: number | null;
  duration: number;
}

export interface PlaylistLike<S extends SegmentLike> {
  mediaSequence: number;
  liveSequence: number | null;
  /** Listed segments in order (prefetch hints excluded). */
  segments: S[];
}

export interface Placed<S> {
  segment: S;
  position: number;
  live: number | null;
}

export interface Placement<S> {
  fresh: Placed<S>[];
  /** Positions between the frontier and the first fresh segment that no playlist will list again. */
  missed: { from: number; to: number } | null;
  /** Neither dates nor LIVE-SEQUENCE could tell old from new: the window was taken whole. */
  guessed: boolean;
}

interface Anchor {
  mediaSequence: number;
  position: number;
  guessed: boolean;
}

export class SegmentIdentity {
  private anchor: Anchor | null = null;
  /** The highest MEDIA-SEQUENCE this session listed: a window starting below it is a stale copy or a reset. */
  private newestSequence = -1;

  constructor(
    private current: Frontier | null,
    /** The broadcast this session's playlist belongs to (null when usher did not say). */
    private readonly broadcastId: string | null,
  ) {}

  get frontier(): Frontier | null {
    return this.current;
  }

  /** What is new in this load, with positions; the frontier moves past it. */
  take<S extends SegmentLike>(playlist: PlaylistLike<S>): Placement<S> {
    const placement = this.place(playlist);
    const last = placement.fresh.at(-1);
    if (last) {
      this.current = {
        position: last.position,
        date: last.segment.programDateTime,
        live: last.live,
        broadcastId: this.broadcastId ?? this.current?.broadcastId ?? null,
      };
    }
    const newest = playlist.segments.at(-1)?.sequence;
    if (newest !== undefined) this.newestSequence = Math.max(this.newestSequence, newest);
    return placement;
  }

  /** Whether this load holds anything new, without moving the frontier (a rejoin check). */
  peek<S extends SegmentLike>(playlist: PlaylistLike<S>): boolean {
    const copy = new SegmentIdentity(this.current, this.broadcastId);
    copy.anchor = this.anchor;
    copy.newestSequence = this.newestSequence;
    return copy.place(playlist).fresh.length > 0;
  }

  private place<S extends SegmentLike>(playlist: PlaylistLike<S>): Placement<S> {
    const none: Placement<S> = { fresh: [], missed: null, guessed: false };
    const segments = playlist.segments;
    if (segments.length === 0) return none;
    if (this.anchor && this.numberingRestarted(playlist)) this.anchor = null;
    this.anchor ??= anchorSession(playlist, this.current, this.broadcastId);
    const anchor = this.anchor;
    if (!anchor) return none;
    const liveOf = liveNumbers(playlist);
    const after = this.current?.position ?? Number.NEGATIVE_INFINITY;
    const fresh: Placed<S>[] = [];
    for (const segment of segments) {
      const position = anchor.position + (segment.sequence - anchor.mediaSequence);
      if (position > after) fresh.push({ segment, position, live: liveOf(segment) });
    }
    const first = fresh[0];
    const missed =
      first && this.current && first.position > this.current.position + 1
        ? { from: this.current.position + 1, to: first.position - 1 }
        : null;
    return { fresh, missed, guessed: anchor.guessed && fresh.length > 0 };
  }

  /**
   * MEDIA-SEQUENCE went back while the dates moved on: the session's numbering started over, so it is
   * anchored again. (A window that went back with older dates is a stale copy from a lagging edge: its
   * segments are simply not new.)
   */
  private numberingRestarted(playlist: PlaylistLike<SegmentLike>): boolean {
    const newest = playlist.segments.at(-1) as SegmentLike;
    const frontier = this.current;
    if (newest.sequence >= this.newestSequence || !frontier || frontier.date === null) return false;
    return newest.programDateTime !== null && newest.programDateTime > frontier.date + tolerance(playlist);
  }
}

/**
 * Where a session's numbering meets the recording's positions, or null when nothing in this load is new
 * yet (every segment at or before the frontier; a later load of the same session may bring new ones).
 */
export function anchorSession(
  playlist: PlaylistLike<SegmentLike>,
  frontier: Frontier | null,
  broadcastId: string | null,
): Anchor | null {
  const segments = playlist.segments;
  const head = segments[0];
  if (!head) return null;
  if (!frontier) {
    // The recording's first segment: positions start at the broadcast's own count where Twitch gives it.
    return { mediaSequence: head.sequence, position: playlist.liveSequence ?? head.sequence, guessed: false };
  }
  if (broadcastId && frontier.broadcastId && broadcastId !== frontier.broadcastId) {
    // A new broadcast: all of it is new. LIVE-SEQUENCE counts from its start, so what it streamed before
    // this window was lost while we waited (a "restart" gap), not skipped.
    const lost = Math.max(0, playlist.liveSequence ?? 0);
    return { mediaSequence: head.sequence, position: frontier.position + 1 + lost, guessed: false };
  }
  const liveOf = liveNumbers(playlist);
  if (frontier.date !== null && segments.some((s) => s.programDateTime !== null)) {
    const tol = tolerance(playlist);
    const date = frontier.date;
    const same = segments.find(
      (s) => s.programDateTime !== null && Math.abs(s.programDateTime - date) <= tol,
    );
    if (same) return { mediaSequence: same.sequence, position: frontier.position, guessed: false };
    const next = segments.find((s) => s.programDateTime !== null && s.programDateTime > date + tol);
    if (!next) return null;
    // Segments lost in between: the dates count time (a stalled broadcast makes time without segments),
    // LIVE-SEQUENCE counts segments (but may skip ads, or start over): the smaller claim is the safer one.
    const byDate = Math.max(0, Math.round(((next.programDateTime as number) - date) / typical(playlist)) - 1);
    const nextLive = liveOf(next);
    const byLive = nextLive !== null && frontier.live !== null ? nextLive - frontier.live - 1 : null;
    const lost = byLive === null ? byDate : Math.max(0, Math.min(byDate, byLive));
    return { mediaSequence: next.sequence, position: frontier.position + 1 + lost, guessed: false };
  }
  if (frontier.live !== null && playlist.liveSequence !== null) {
    const live = frontier.live;
    const next = segments.find((s) => (liveOf(s) as number) > live);
    if (!next) return null;
    const position = frontier.position + ((liveOf(next) as number) - live);
    return { mediaSequence: next.sequence, position, guessed: false };
  }
  // Nothing tells old from new: take the window (a repeated stretch is better than a lost one).
  return { mediaSequence: head.sequence, position: frontier.position + 1, guessed: true };
}

function liveNumbers(playlist: PlaylistLike<SegmentLike>): (segment: SegmentLike) => number | null {
  const base = playlist.liveSequence;
  return (segment) => (base === null ? null : base + (segment.sequence - playlist.mediaSequence));
}

/** A segment's usual length in ms (the median, so one odd segment does not skew it). */
function typical(playlist: PlaylistLike<SegmentLike>): number {
  const durations = playlist.segments.map((s) => s.duration).sort((a, b) => a - b);
  const median = durations[Math.floor(durations.length / 2)] ?? 2;
  return Math.max(median, 0.05) * 1000;
}

/** Two dates this close name the same segment: half a segment. */
function tolerance(playlist: PlaylistLike<SegmentLike>): number {
  return typical(playlist) / 2;
}
