import { childBoxes, type InitInfo, readFragmentTimes, writeTfdt } from "../media/mp4-boxes.ts";
import { scanTimestamps, shiftTimestamps, TS_CLOCK } from "../media/mpegts.ts";
import type { SegmentTimes } from "./timeline.ts";

/**
 * Reads a segment's source times and moves it onto the part's timeline, for both kinds of HLS media:
 * MPEG-TS (PES timestamps) and fMP4 fragments (tfdt per track, in the init section's timescales).
 */
export interface SegmentMedia {
  times: SegmentTimes;
  /** Adds `seconds` to every timestamp in the segment, in place. */
  shift(seconds: number): void;
}

export class SegmentMediaError extends Error {
  override name = "SegmentMediaError";
}

export function tsSegment(bytes: Uint8Array): SegmentMedia {
  const scanned = scanTimestamps(bytes);
  if (!scanned) throw new SegmentMediaError("segment holds no timestamped audio or video");
  const seconds = (span: { first: number; end: number } | null) =>
    span ? { first: span.first / TS_CLOCK, end: span.end / TS_CLOCK } : null;
  return {
    times: { video: seconds(scanned.video), audio: seconds(scanned.audio) },
    shift: (delta) => shiftTimestamps(bytes, Math.round(delta * TS_CLOCK)),
  };
}

export function fmp4Segment(bytes: Uint8Array, init: InitInfo): SegmentMedia {
  const moofs = childBoxes(bytes).filter((b) => b.type === "moof");
  if (moofs.length === 0) throw new SegmentMediaError("segment holds no fMP4 fragment");
  const kindOf = (trackId: number) => {
    const handler = init.tracks.find((t) => t.trackId === trackId)?.handler;
    return handler === "vide" ? "video" : handler === "soun" ? "audio" : null;
  };
  const timescale = (trackId: number) => init.tracks.find((t) => t.trackId === trackId)?.timescale ?? 1;
  const fragments = moofs.map((moof) => readFragmentTimes(bytes, moof, init.tracks));
  const times: SegmentTimes = { video: null, audio: null };
  for (const fragment of fragments) {
    for (const t of fragment) {
      const kind = kindOf(t.trackId);
      if (!kind) continue;
      const first = t.start / timescale(t.trackId);
      const end = (t.start + t.duration) / timescale(t.trackId);
      const span = times[kind];
      times[kind] = span
        ? { first: Math.min(span.first, first), end: Math.max(span.end, end) }
        : { first, end };
    }
  }
  return {
    times,
    shift: (delta) => {
      for (const fragment of fragments) {
        for (const t of fragment) writeTfdt(bytes, t, t.start + Math.round(delta * timescale(t.trackId)));
      }
    },
  };
}
