/** One title or category change as the card's popover lists it. */
export interface HistoryRow {
  id: string;
  /** Where in the recording it happened. */
  seconds: number;
  kind: "title" | "category";
  label: string;
}

/** A row of `video.timeline`: a title and/or a category that took effect at one moment. */
export interface TimelineChange {
  id: number;
  occurred_at: string;
  media_offset_seconds: number | null;
  title: { name: string } | null;
  category: { name: string } | null;
}

/**
 * The changes as rows in time order: at the recorded media offset when known, else the wall-clock time since
 * the recording started (never before 0); a change of both title and category gives two rows.
 */
export function streamHistoryRows(changes: readonly TimelineChange[], recordingStart: string): HistoryRow[] {
  const start = Date.parse(recordingStart);
  const rows: HistoryRow[] = [];
  for (const change of changes) {
    const raw = change.media_offset_seconds ?? (Date.parse(change.occurred_at) - start) / 1000;
    if (!Number.isFinite(raw)) continue;
    const seconds = Math.max(0, raw);
    if (change.title) rows.push({ id: `t${change.id}`, seconds, kind: "title", label: change.title.name });
    if (change.category)
      rows.push({ id: `c${change.id}`, seconds, kind: "category", label: change.category.name });
  }
  return rows.sort((a, b) => a.seconds - b.seconds);
}
