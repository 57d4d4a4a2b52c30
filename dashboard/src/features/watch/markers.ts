// Title and category changes, skipped ads and lost stretches, placed on the recording's timeline.

export interface MetadataChange {
  id: number;
  occurred_at: string;
  media_offset_seconds: number | null;
  title: { id: number; name: string } | null;
  category: { id: string; name: string } | null;
}

/** A skipped ad break or a lost stretch, as `video.gaps` returns it. */
export interface GapMarker {
  kind: "ad" | "gap";
  /** Seconds from the start of part 1, the parts end to end (the player's global time). */
  media_offset_seconds: number;
  /** Seconds of broadcast skipped there; they are not in the video. */
  duration_seconds: number;
  reason: string | null;
}

export interface TimelineMarker {
  id: string;
  seconds: number;
  kind: "title" | "category" | "ad" | "gap";
  label: string;
}

/**
 * Which way a marker's tooltip opens so it stays on screen: from its left edge near the start of the bar,
 * ending at it near the end, centred between.
 */
export function tooltipAlign(seconds: number, total: number): "start" | "center" | "end" {
  const fraction = total > 0 ? seconds / total : 0;
  if (fraction < 0.2) return "start";
  if (fraction > 0.8) return "end";
  return "center";
}

/** Ads and gaps mark what the video does not hold; titles and categories what it shows. */
export function isSkip(marker: TimelineMarker): boolean {
  return marker.kind === "ad" || marker.kind === "gap";
}

/**
 * One marker per title or category change, at the recorder's media offset when known, else at the wall-clock
 * time since the recording started; clamped to the recording, ordered by time.
 */
export function markersFromChanges(
  changes: readonly MetadataChange[],
  recordingStart: string,
  total: number,
): TimelineMarker[] {
  const start = Date.parse(recordingStart);
  const markers: TimelineMarker[] = [];
  for (const change of changes) {
    const raw = change.media_offset_seconds ?? (Date.parse(change.occurred_at) - start) / 1000;
    if (!Number.isFinite(raw)) continue;
    const seconds = Math.min(Math.max(0, raw), total);
    if (change.title) markers.push({ id: `t${change.id}`, seconds, kind: "title", label: change.title.name });
    if (change.category)
      markers.push({ id: `c${change.id}`, seconds, kind: "category", label: change.category.name });
  }
  return markers.sort((a, b) => a.seconds - b.seconds);
}

/**
 * One marker per skipped ad break or lost stretch at its offset, clamped to the recording, ordered by time.
 * `label` words each one (the page translates); kept out so this stays pure.
 */
export function markersFromGaps(
  gaps: readonly GapMarker[],
  total: number,
  label: (gap: GapMarker) => string,
): TimelineMarker[] {
  return gaps
    .filter((gap) => Number.isFinite(gap.media_offset_seconds))
    .map((gap, index) => ({
      id: `${gap.kind === "ad" ? "a" : "g"}${index}`,
      seconds: Math.min(Math.max(0, gap.media_offset_seconds), total),
      kind: gap.kind,
      label: label(gap),
    }))
    .sort((a, b) => a.seconds - b.seconds);
}

const GAP_REASONS = ["window_rolled", "fetch_failed", "restart", "malformed", "disk_full"] as const;
export type GapReason = (typeof GAP_REASONS)[number];

/** The reasons the page has words for; anything else (a newer server) is shown without one. */
export function knownGapReason(reason: string | null): GapReason | null {
  return GAP_REASONS.find((r) => r === reason) ?? null;
}
