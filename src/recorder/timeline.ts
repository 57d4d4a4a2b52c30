/**
 * Lays content segments end to end on a part's timeline. While the source runs continuously, its own
 * timestamps are kept (so audio/video sync and frame timing are exactly the broadcaster's); where something
 * is missing (a skipped ad, a lost segment, a restart, a timestamp reset) the next segment is pulled back to
 * where the previous one ended, so the file never holds a frozen stretch or a jump.
 */

export type StreamKind = "video" | "audio";

/** One segment's times in the source, seconds. */
export interface SegmentTimes {
  video: { first: number; end: number } | null;
  audio: { first: number; end: number } | null;
}

/** Source timestamps further apart than this between consecutive segments mean a discontinuity. */
const CONTINUITY_TOLERANCE = 0.25;

export interface TimelineState {
  /** Seconds added to source times to get part times. */
  offset: number;
  /** Where each stream ended, in part time. */
  partEnd: Partial<Record<StreamKind, number>>;
  /** Where each stream ended, in source time. */
  sourceEnd: Partial<Record<StreamKind, number>>;
  /** Media sequence of the last placed segment. */
  lastSequence: number | null;
}

export function emptyTimeline(start: Partial<Record<StreamKind, number>> = {}): TimelineState {
  return { offset: 0, partEnd: { ...start }, sourceEnd: {}, lastSequence: null };
}

/**
 * Returns the offset (seconds) to add to this segment's times, and the timeline after it. `start` of an
 * empty timeline is where a resumed part file already ends (0 for a new part).
 */
export function placeSegment(
  state: TimelineState,
  sequence: number,
  segment: SegmentTimes,
): { offset: number; state: TimelineState } {
  const kinds = (["video", "audio"] as const).filter((k) => segment[k] !== null);
  const continuous =
    state.lastSequence !== null &&
    sequence === state.lastSequence + 1 &&
    kinds.every((k) => {
      const previous = state.sourceEnd[k];
      const first = segment[k]?.first;
      return (
        previous !== undefined && first !== undefined && Math.abs(first - previous) <= CONTINUITY_TOLERANCE
      );
    });

  let offset = state.offset;
  if (!continuous) {
    // Start where the latest stream of the part ended, so no stream overlaps itself; the other may get a
    // gap of a frame or two, which players bridge.
    const ends = kinds.map(
      (k) => (state.partEnd[k] ?? Math.max(0, ...Object.values(state.partEnd))) - (segment[k]?.first ?? 0),
    );
    offset = kinds.length ? Math.max(...ends) : offset;
  }

  const partEnd = { ...state.partEnd };
  const sourceEnd = { ...state.sourceEnd };
  for (const k of kinds) {
    const span = segment[k] as { first: number; end: number };
    partEnd[k] = span.end + offset;
    sourceEnd[k] = span.end;
  }
  return { offset, state: { offset, partEnd, sourceEnd, lastSequence: sequence } };
}
