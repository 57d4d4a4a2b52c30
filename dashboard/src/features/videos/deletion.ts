// Which recordings can be deleted, and what a selection of them amounts to. The server has the same rule
// (src/library/videos.service.ts: only finished or failed ones, all or none); checking it here lets the page
// leave a running recording out of a selection instead of having the whole request refused.

export interface DeletableVideo {
  id: number;
  status: "PENDING" | "RUNNING" | "DONE" | "FAILED";
  size_bytes: number | null;
  deleted_at: string | null;
  delete_requested_at: string | null;
}

/** Why a video cannot be deleted now, or null when it can. */
export type NotDeletable = "recording" | "removing" | "removed";

export function whyNotDeletable(video: DeletableVideo): NotDeletable | null {
  if (video.deleted_at !== null) return "removed";
  if (video.delete_requested_at !== null) return "removing";
  if (video.status !== "DONE" && video.status !== "FAILED") return "recording";
  return null;
}

/** The selected videos that can still be deleted, how many, and how much their removal frees. */
export function selectionSummary(
  videos: readonly DeletableVideo[],
  selected: ReadonlySet<number>,
): { ids: number[]; count: number; bytes: number } {
  const ids: number[] = [];
  let bytes = 0;
  for (const video of videos) {
    if (!selected.has(video.id) || whyNotDeletable(video) !== null) continue;
    ids.push(video.id);
    bytes += video.size_bytes ?? 0;
  }
  return { ids, count: ids.length, bytes };
}

/** `selected` with `id` added or taken out (a new set, for React state). */
export function toggled(selected: ReadonlySet<number>, id: number): Set<number> {
  const next = new Set(selected);
  if (!next.delete(id)) next.add(id);
  return next;
}

/** Every loaded video that can be deleted, for "select all". */
export function allDeletable(videos: readonly DeletableVideo[]): Set<number> {
  return new Set(videos.filter((v) => whyNotDeletable(v) === null).map((v) => v.id));
}

/** While a deletion is queued the list is asked again every few seconds, until the video is gone. */
export function pollWhileRemoving(videos: readonly DeletableVideo[], ms: number): number | false {
  return videos.some((v) => v.delete_requested_at !== null && v.deleted_at === null) ? ms : false;
}
