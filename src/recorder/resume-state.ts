import { z } from "zod";
import type { GapMarker } from "../domain/timeline.ts";
import { GAP_REASONS } from "../domain/timeline.ts";
import type { Frontier } from "./segment-identity.ts";

/**
 * The recorder's checkpoint, kept in jobs.resume_state. Read back after a crash it says which part is open,
 * which variant it is locked to, how far the broadcast was handled, and where the gaps and skipped ads sit
 * on the recording's timeline. Validated on the way in: a damaged checkpoint is reported, not trusted.
 */

const variant = z.object({
  name: z.string(),
  codec: z.enum(["h264", "h265", "av1", "aac"]),
  height: z.number().nullable(),
  fps: z.number().nullable(),
  audio_only: z.boolean(),
});
export type LockedVariant = z.infer<typeof variant>;

const part = z.object({
  index: z.number().int().positive(),
  /** Storage key of the finished part, e.g. videos/<base>-part01.mp4. */
  key: z.string(),
  /** Where the part is written while recording (in place for local storage, scratch for S3). */
  path: z.string(),
  variant,
  format: z.enum(["ts", "fmp4"]),
  start_sequence: z.number().int(),
  end_sequence: z.number().int().nullable(),
  finished: z.boolean(),
  duration_seconds: z.number().nonnegative(),
  size_bytes: z.number().int().nonnegative(),
});
export type PartState = z.infer<typeof part>;

const span = z.object({
  /** Broadcast positions (inclusive). */
  from: z.number().int(),
  to: z.number().int(),
  /** Seconds into the video (all parts) where the span sits. */
  at_seconds: z.number().nonnegative(),
  /** Seconds of broadcast the span covers. */
  seconds: z.number().nonnegative(),
});

export const resumeStateSchema = z.object({
  version: z.literal(1),
  parts: z.array(part),
  /** The last broadcast position handled in order (recorded, skipped as an ad, or given up as a gap). */
  frontier: z.number().int().nullable(),
  /** Program date-time (ms) of the frontier segment: how a new playback session finds where to continue. */
  frontier_date: z.number().nullable(),
  /** The frontier segment's LIVE-SEQUENCE number, when Twitch sent one (the fallback without dates). */
  frontier_live: z.number().int().nullable().default(null),
  /** usher's BROADCAST-ID of the frontier segment's session: another id later is a new broadcast. */
  broadcast_id: z.string().nullable().default(null),
  gaps: z.array(span.extend({ reason: z.enum(GAP_REASONS) })),
  ads: z.array(span.extend({ roll: z.string().nullable() })),
  /** Whether the broadcast's end was seen (ENDLIST or the playlist gone after offline). */
  end_seen: z.boolean(),
  /** Some content was lost to a window roll (the recorder fell behind or was down). */
  window_rolled: z.boolean(),
  /** Epoch ms when the broadcast ended, while waiting to see whether it comes back. */
  ended_at: z.number().nullable(),
  /** Live snapshots stored so far (the next one gets this index). */
  snapshots: z.number().int().nonnegative().default(0),
});

export type ResumeState = z.infer<typeof resumeStateSchema>;
export type Gap = ResumeState["gaps"][number];
export type AdSpan = ResumeState["ads"][number];

export function freshState(): ResumeState {
  return {
    version: 1,
    parts: [],
    frontier: null,
    frontier_date: null,
    frontier_live: null,
    broadcast_id: null,
    gaps: [],
    ads: [],
    end_seen: false,
    window_rolled: false,
    ended_at: null,
    snapshots: 0,
  };
}

export class ResumeStateError extends Error {
  override name = "ResumeStateError";
}

/** An empty object (a job never checkpointed) is a fresh start; anything else must be a valid checkpoint. */
export function readResumeState(value: unknown): ResumeState {
  if (value && typeof value === "object" && Object.keys(value).length === 0) return freshState();
  const parsed = resumeStateSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ResumeStateError(`damaged checkpoint: ${issue?.path.join(".") || "state"}: ${issue?.message}`);
  }
  return parsed.data;
}

/** The frontier as segment identity takes it (null before the first segment). */
export function frontierOf(state: ResumeState): Frontier | null {
  if (state.frontier === null) return null;
  return {
    position: state.frontier,
    date: state.frontier_date,
    live: state.frontier_live,
    broadcastId: state.broadcast_id,
  };
}

/** Seconds of video recorded so far: every finished part plus the open one's. */
export function recordedSeconds(state: ResumeState, openPartSeconds = 0): number {
  return (
    state.parts.filter((p) => p.finished).reduce((sum, p) => sum + p.duration_seconds, 0) + openPartSeconds
  );
}

/** Adds a span, merging it with the previous one when they touch (one ad break, not fifteen). */
export function addSpan<T extends { from: number; to: number; seconds: number }>(spans: T[], next: T): T[] {
  const last = spans.at(-1);
  if (
    last &&
    next.from <= last.to + 1 &&
    (!("reason" in next) || (last as { reason?: unknown }).reason === (next as { reason?: unknown }).reason)
  ) {
    const merged = { ...last, to: Math.max(last.to, next.to), seconds: last.seconds + next.seconds };
    return [...spans.slice(0, -1), merged];
  }
  return [...spans, next];
}

/**
 * The skipped ads and lost stretches as the library shows them, in order on the video's timeline.
 * `at_seconds` already counts every earlier part (see `recordedSeconds`), so offsets run across parts.
 */
export function gapMarkers(state: ResumeState): GapMarker[] {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const markers: GapMarker[] = [
    ...state.ads.map((a) => ({ kind: "ad" as const, at: a.at_seconds, seconds: a.seconds, reason: null })),
    ...state.gaps.map((g) => ({
      kind: "gap" as const,
      at: g.at_seconds,
      seconds: g.seconds,
      reason: g.reason,
    })),
  ]
    .sort((a, b) => a.at - b.at)
    .map((m) => ({
      kind: m.kind,
      media_offset_seconds: round(m.at),
      duration_seconds: round(m.seconds),
      reason: m.reason,
    }));
  return markers;
}
