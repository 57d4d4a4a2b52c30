// The set of channels live right now, as the dashboard keeps it: a snapshot (`stream.liveIds`) plus the
// `stream.status` deltas that arrived since. Ordering uses only the browser's clock (when the snapshot was
// requested, when each delta arrived), so a skewed server clock cannot reorder anything.

export interface StatusDelta {
  kind: "online" | "offline";
  broadcaster_id: string;
  /** Browser time (ms) the delta arrived. */
  receivedAt: number;
}

export interface LiveSnapshot {
  ids: readonly string[];
  /** Browser time (ms) the snapshot request was sent: anything the server emitted before is in it. */
  requestedAt: number;
}

/** One delta on a set: online adds, offline removes. Returns a new set (callers keep the old one intact). */
export function applyDelta(
  ids: ReadonlySet<string>,
  delta: Pick<StatusDelta, "kind" | "broadcaster_id">,
): Set<string> {
  const next = new Set(ids);
  if (delta.kind === "online") next.add(delta.broadcaster_id);
  else next.delete(delta.broadcaster_id);
  return next;
}

/**
 * The live set from a snapshot and the deltas seen: deltas that arrived before the snapshot was requested are
 * already in it and are dropped; the rest are applied in arrival order (re-applying one the snapshot already
 * reflects changes nothing, since each delta states a channel's latest state). Without a snapshot, the
 * deltas alone are the best guess.
 */
export function reconcileLiveSet(snapshot: LiveSnapshot | null, deltas: readonly StatusDelta[]): Set<string> {
  const since = snapshot?.requestedAt ?? Number.NEGATIVE_INFINITY;
  let ids: Set<string> = new Set(snapshot?.ids ?? []);
  const pending = deltas.filter((d) => d.receivedAt >= since).sort((a, b) => a.receivedAt - b.receivedAt);
  for (const delta of pending) ids = applyDelta(ids, delta);
  return ids;
}

/** Deltas still needed after a snapshot (the older ones can be forgotten), capped to bound memory. */
export function pruneDeltas(
  snapshot: LiveSnapshot | null,
  deltas: readonly StatusDelta[],
  max = 500,
): StatusDelta[] {
  const since = snapshot?.requestedAt ?? Number.NEGATIVE_INFINITY;
  return deltas.filter((d) => d.receivedAt >= since).slice(-max);
}
