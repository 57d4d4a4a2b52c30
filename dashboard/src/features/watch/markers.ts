// Title and category changes placed on the recording's timeline.

export interface MetadataChange {
  id: number;
  occurred_at: string;
  media_offset_seconds: number | null;
  title: { id: number; name: string } | null;
  category: { id: string; name: string } | null;
}

export interface TimelineMarker {
  id: string;
  seconds: number;
  kind: "title" | "category";
  label: string;
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
