import type { AdBreak, LiveSession } from "../state.ts";
import type { DateRangeTag, MediaPlaylist, PlaylistSegment } from "./media-playlist.render.ts";
import { discontinuityBefore, liveSequenceAt, runStart, type Slot, sameRun, slotAt } from "./timeline.ts";

/**
 * Decides what one reload of a live media playlist contains: the sliding window of segments with their
 * dates, titles, discontinuities, init maps and Twitch's DATERANGEs (stream source, stitched ads, ad
 * quartiles), the prefetch hints, and the sequence counters. Pure: URLs come from the caller.
 */

export interface WindowInput {
  session: LiveSession;
  /** Inclusive range of broadcast sequences to list; empty when last < first. */
  first: number;
  last: number;
  /** Sequences announced as #EXT-X-TWITCH-PREFETCH after the window. */
  prefetch: number[];
  /** Subtracted from `first` to give EXT-X-MEDIA-SEQUENCE (0 makes it the broadcast sequence). */
  mediaSequenceBase: number;
  nowMs: number;
  playbackSession: { id: string; startedAtMs: number };
  spuriousDiscontinuityRate: number;
  salt: number;
  endlist: boolean;
  /** fMP4 segments (EXT-X-VERSION 6, EXT-X-MAP) rather than MPEG-TS. */
  fmp4: boolean;
  segmentUri(sequence: number, slot: Slot): string;
  /** The init segment URI for a slot's source (live, or one ad break); used for fMP4 only. */
  initUri(slot: Slot): string;
}

export function targetDuration(segmentSeconds: number): number {
  // Twitch announces 6 for its 2 s segments; keep the same headroom for other durations.
  return Math.max(1, Math.ceil(segmentSeconds * 3));
}

/**
 * How many segments older a stale reload is: `drawn` (1–3), limited so its newest segment is not older than
 * `oldest`, the newest one when usher made the URL (a cache cannot hold a copy from before the URL existed).
 */
export function staleLag(newest: number, oldest: number, drawn: number): number {
  return Math.max(0, Math.min(drawn, newest - oldest));
}

export function buildMediaWindow(input: WindowInput): MediaPlaylist {
  const { session } = input;
  const d = session.segment_seconds;
  const segments: PlaylistSegment[] = [];
  for (let n = input.first; n <= input.last; n++) segments.push(segmentAt(input, n));
  return {
    version: input.fmp4 ? 6 : 3,
    targetDuration: targetDuration(d),
    mediaSequence: Math.max(0, input.first - input.mediaSequenceBase),
    liveSequence: liveSequenceAt(session, input.first),
    elapsedSecs: input.first * d,
    totalSecs: (input.last + 1) * d,
    header: [
      {
        id: `playlist-creation-${Math.floor(input.nowMs / 1000)}`,
        cls: "timestamp",
        startMs: input.nowMs,
        endOnNext: true,
        attrs: [["X-SERVER-TIME", (input.nowMs / 1000).toFixed(2)]],
      },
      {
        id: `playlist-session-${Math.floor(input.playbackSession.startedAtMs / 1000)}`,
        cls: "twitch-session",
        startMs: input.playbackSession.startedAtMs,
        endOnNext: true,
        attrs: [["X-TV-TWITCH-SESSIONID", input.playbackSession.id]],
      },
    ],
    segments,
    prefetch: prefetchUris(input),
    endlist: input.endlist,
  };
}

function segmentAt(input: WindowInput, n: number): PlaylistSegment {
  const { session } = input;
  const slot = slotAt(session, n);
  const runBegins = n === input.first || !sameRun(slot, slotAt(session, n - 1));
  const dateranges: DateRangeTag[] = [];
  if (runBegins) {
    if (slot.kind === "ad") dateranges.push(stitchedAdRange(session, slot.ad));
    dateranges.push(sourceRange(session, n, slot));
  }
  if (slot.kind === "ad") dateranges.push(...quartileRanges(session, slot.ad, slot.index));
  return {
    sequence: n,
    startMs: startOf(session, n),
    duration: session.segment_seconds,
    uri: input.segmentUri(n, slot),
    title: slot.kind === "ad" ? `Amazon|${slot.ad.creative_id}` : "live",
    discontinuity: discontinuityBefore(session, n, input.spuriousDiscontinuityRate, input.salt),
    map: input.fmp4 && runBegins ? input.initUri(slot) : null,
    dateranges,
  };
}

/** Playlists that show only ads carry no prefetch lines (streamlink relies on it to spot LL streams). */
function prefetchUris(input: WindowInput): string[] {
  if (input.first > input.last) return [];
  let onlyAds = true;
  for (let n = input.first; n <= input.last && onlyAds; n++) onlyAds = slotAt(input.session, n).kind === "ad";
  if (onlyAds) return [];
  return input.prefetch.map((n) => input.segmentUri(n, slotAt(input.session, n)));
}

export function startOf(session: LiveSession, sequence: number): number {
  return session.started_at + sequence * session.segment_seconds * 1000;
}

function sourceRange(session: LiveSession, n: number, slot: Slot): DateRangeTag {
  const startMs = startOf(session, runStart(session, n));
  return {
    id: `source-${Math.floor(startMs / 1000)}`,
    cls: "twitch-stream-source",
    startMs,
    endOnNext: true,
    attrs: [["X-TV-TWITCH-STREAM-SOURCE", slot.kind === "ad" ? `Amazon|${slot.ad.creative_id}` : "live"]],
  };
}

function stitchedAdRange(session: LiveSession, ad: AdBreak): DateRangeTag {
  const startMs = startOf(session, ad.start_sequence);
  const seconds = ad.segments * session.segment_seconds;
  return {
    id: `stitched-ad-${Math.floor(startMs / 1000)}-${Math.round(seconds * 1e9)}`,
    cls: "twitch-stitched-ad",
    startMs,
    duration: seconds,
    attrs: [
      ["X-TV-TWITCH-AD-POD-LENGTH", "1"],
      ["X-TV-TWITCH-AD-ROLL-TYPE", ad.roll.toUpperCase()],
      ["X-TV-TWITCH-AD-URL", "https://www.twitch.tv/"],
      ["X-TV-TWITCH-AD-CLICK-BEACON-ID", `click${ad.commercial_id.slice(0, 8)}`],
      ["X-TV-TWITCH-AD-CREATIVE-ID", ad.creative_id],
      ["X-TV-TWITCH-AD-COMMERCIAL-ID", ad.commercial_id],
      ["X-TV-TWITCH-AD-LINE-ITEM-ID", ad.creative_id.slice(0, 9)],
      ["X-TV-TWITCH-AD-ORDER-ID", ad.creative_id.slice(4, 13)],
      ["X-TV-TWITCH-AD-CLICK-TRACKING-URL", "https://www.twitch.tv/"],
      ["X-TV-TWITCH-AD-AD-FORMAT", "standard_video_ad"],
      ["X-TV-TWITCH-AD-POD-POSITION", "0"],
      ["X-TV-TWITCH-AD-POD-FILLED-DURATION", String(Math.round(seconds))],
    ],
  };
}

/** Quartile markers 0–3 ride on the ad segment where each quarter of the break begins. */
function quartileRanges(session: LiveSession, ad: AdBreak, index: number): DateRangeTag[] {
  const adStartS = Math.floor(startOf(session, ad.start_sequence) / 1000);
  const out: DateRangeTag[] = [];
  for (let q = 0; q < 4; q++) {
    if (Math.floor((q * ad.segments) / 4) !== index) continue;
    out.push({
      id: `quartile-${adStartS}-${q}`,
      cls: "twitch-ad-quartile",
      startMs: startOf(session, ad.start_sequence + index),
      duration: session.segment_seconds,
      attrs: [["X-TV-TWITCH-AD-QUARTILE", String(q)]],
    });
  }
  return out;
}
