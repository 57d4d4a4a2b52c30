import type { Repository } from "../db/repository.ts";
import type { DeletionKind, Video, VideoDetail } from "../domain/videos.ts";
import { storageLayout } from "../storage/layout.ts";
import type { Storage } from "../storage/storage.ts";

/** How many snapshot stills one recording may have at most (one every 5 min: over 80 hours). */
const MAX_SNAPSHOTS = 1000;

/**
 * Every storage key a recording wrote: its part files, each part's thumbnail, hover strip and waveform,
 * the live snapshots (`-snapNN.jpg`, numbered without gaps from 00), the video's picture, and the
 * playback cache's single file.
 */
export async function videoFileKeys(video: VideoDetail, storage: Storage): Promise<string[]> {
  const keys = new Set<string>();
  const base = video.filename;
  for (const part of video.parts) {
    keys.add(storageLayout.videoFile(part.filename));
    if (part.thumbnail) keys.add(part.thumbnail);
    keys.add(storageLayout.partThumbnail(base, part.part_index));
    keys.add(storageLayout.partStrip(base, part.part_index));
    keys.add(storageLayout.partWaveform(base, part.part_index));
  }
  for (let i = 0; i < MAX_SNAPSHOTS; i++) {
    const key = storageLayout.snapshot(base, i);
    if ((await storage.size(key)) === null) break;
    keys.add(key);
  }
  if (video.thumbnail) keys.add(video.thumbnail);
  const artifact = video.playback_artifact?.filename;
  if (artifact) keys.add(storageLayout.videoFile(artifact));
  // Only storage keys: a picture kept as a URL is not ours to delete.
  return [...keys].filter((key) => !key.includes("://"));
}

/**
 * Deletes a video's files and its chat, then tombstones it (parts and playback rows go, the video row
 * stays). Chat goes in batches before the tombstone: a million lines deleted in one transaction would hold
 * SQLite's write lock for seconds; a failure part way leaves the video listed and the next run goes on.
 */
export async function removeVideo(
  repo: Pick<Repository, "videos" | "chat">,
  storage: Storage,
  id: number,
  kind: DeletionKind,
): Promise<Video> {
  const video = await repo.videos.getById(id);
  if (video && video.deleted_at === null) {
    for (const key of await videoFileKeys(video, storage)) await storage.delete(key);
  }
  await repo.chat.deleteForVideo(id);
  return repo.videos.markDeleted(id, kind);
}

export interface RemovalOutcome {
  removed: number;
  failed: number;
  /** The first failure, for the task's error. */
  error: string | null;
}

/**
 * Removes the videos `next` lists, batch after batch, until none are left or a whole batch failed (those
 * stay listed; the next run tries them again). Stops between videos when `signal` aborts.
 */
export async function removeVideos(
  deps: { repo: Pick<Repository, "videos" | "chat">; storage: Storage },
  next: (limit: number) => Promise<Video[]>,
  kind: DeletionKind,
  signal: AbortSignal,
  batchSize = 25,
): Promise<RemovalOutcome> {
  const outcome: RemovalOutcome = { removed: 0, failed: 0, error: null };
  const failedIds = new Set<number>();
  for (;;) {
    const batch = (await next(batchSize + failedIds.size)).filter((v) => !failedIds.has(v.id));
    if (batch.length === 0) return outcome;
    let removedNow = 0;
    for (const video of batch) {
      signal.throwIfAborted();
      try {
        await removeVideo(deps.repo, deps.storage, video.id, kind);
        outcome.removed++;
        removedNow++;
      } catch (err) {
        failedIds.add(video.id);
        outcome.failed++;
        outcome.error ??= `video ${video.id}: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    if (removedNow === 0 || batch.length < batchSize) return outcome;
  }
}
