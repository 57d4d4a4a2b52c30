import type { AdBreak, LiveSession } from "../session.ts";

/**
 * What fills each broadcast sequence number of a live session: live content, or a segment of a stitched ad
 * break (ads replace the content of their sequence numbers, as Twitch's server-side insertion does), and
 * where EXT-X-DISCONTINUITY goes. Pure: the same session and salt always give the same answers, so every
 * reload of a playlist agrees with the previous one.
 */

export type Slot = { kind: "content" } | { kind: "ad"; ad: AdBreak; index: number };

const CONTENT: Slot = { kind: "content" };

export function slotAt(session: LiveSession, sequence: number): Slot {
  // The latest break that covers the sequence wins, so a break asked for during another one takes over.
  let found: AdBreak | null = null;
  for (const ad of session.ads) {
    if (sequence >= ad.start_sequence && sequence < ad.start_sequence + ad.segments) {
      if (!found || ad.start_sequence >= found.start_sequence) found = ad;
    }
  }
  return found ? { kind: "ad", ad: found, index: sequence - found.start_sequence } : CONTENT;
}

/** Whether two slots come from the same source run (live, or one ad break). */
export function sameRun(a: Slot, b: Slot): boolean {
  if (a.kind === "content" || b.kind === "content") return a.kind === b.kind;
  return a.ad === b.ad;
}

/**
 * A discontinuity precedes `sequence` when the source changes (live to ad, ad to live, one break to
 * another), and at a seeded share of live-to-live boundaries, as Twitch does now and then.
 */
export function discontinuityBefore(
  session: LiveSession,
  sequence: number,
  spuriousRate: number,
  salt: number,
): boolean {
  if (sequence <= 0) return false;
  const here = slotAt(session, sequence);
  const before = slotAt(session, sequence - 1);
  if (!sameRun(here, before)) return true;
  return here.kind === "content" && spuriousRate > 0 && unitHash(salt, sequence) < spuriousRate;
}

/** Whether content segment `sequence` is one the `segment_lost_rate` fault makes gone for good. */
export function segmentLost(salt: number, sequence: number, rate: number): boolean {
  // Another salt than the discontinuities', so the two faults do not pick the same segments.
  return rate > 0 && unitHash(salt ^ 0x5bd1e995, sequence) < rate;
}

/** The first sequence of the run that `sequence` belongs to (for START-DATE of its stream-source range). */
export function runStart(session: LiveSession, sequence: number): number {
  const here = slotAt(session, sequence);
  if (here.kind === "ad") return here.ad.start_sequence;
  // Live content runs from the end of the latest break before it (or the stream start).
  let start = 0;
  for (const ad of session.ads) {
    const end = ad.start_sequence + ad.segments;
    if (end <= sequence && end > start) start = end;
  }
  return start;
}

/** The newest segment of a session complete at simulated time `ms` (-1 before the first one). */
export function newestAt(session: LiveSession, ms: number): number {
  return Math.floor((ms - session.started_at) / (session.segment_seconds * 1000)) - 1;
}

/**
 * EXT-X-TWITCH-LIVE-SEQUENCE for a window whose first segment is broadcast sequence `first`: `first` itself,
 * or in `content` mode the number of content (non-ad) slots before it, so it stands still over a break.
 */
export function liveSequenceAt(session: LiveSession, first: number): number {
  if (session.live_sequence !== "content") return first;
  return first - adSlotsBefore(session.ads, first);
}

/** How many sequences in [0, before) some break covers (breaks may overlap; a slot counts once). */
function adSlotsBefore(ads: AdBreak[], before: number): number {
  const spans = ads
    .map((ad) => [ad.start_sequence, Math.min(before, ad.start_sequence + ad.segments)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reach = 0;
  for (const [start, end] of spans) {
    const from = Math.max(start, reach);
    if (end > from) covered += end - from;
    reach = Math.max(reach, end);
  }
  return covered;
}

/** A number in [0, 1) from a 32-bit salt and an integer (splitmix-style), for per-segment seeded choices. */
export function unitHash(salt: number, n: number): number {
  let h = (salt ^ Math.imul(n, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** A 32-bit salt from text (FNV-1a), e.g. the simulator seed and a stream id. */
export function saltOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}
