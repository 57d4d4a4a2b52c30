import type { Repository } from "../db/repository.ts";
import { storageLayout } from "../storage/layout.ts";
import type { Storage } from "../storage/storage.ts";
import { type CacheSpace, cacheBudget, evictionOrder } from "./budget.ts";
import { removeBuildLeftovers } from "./builder.ts";

export interface ReconcileDeps {
  repo: Pick<Repository, "videos" | "playback" | "serverSettings">;
  storage: Storage;
  scratchRoot: string;
  space: () => Promise<CacheSpace>;
  /** Whether this process has the video queued or building (its row is not stale). */
  building: (videoId: number) => boolean;
  /** Deletes a ready file and its row; false when it was not ready any more. */
  evict: (videoId: number) => Promise<boolean>;
}

export interface ReconcileOutcome {
  /** Why nothing was done (the cache is off), or null. */
  skipped: string | null;
  evicted: number;
  freed_bytes: number;
  /** Rows of builds nobody runs any more, and of files that are gone. */
  stale: number;
  used_bytes: number;
  budget_bytes: number;
}

const PAGE = 200;

/**
 * The maintenance task's work (every 5 minutes): rows of builds no process runs any more (a crash or a
 * stop mid-build) go with their partial files; rows whose file is gone go; then, while the cache holds
 * more than its budget, the least recently watched files go first. With the cache off nothing is touched.
 */
export async function reconcileCache(deps: ReconcileDeps, signal: AbortSignal): Promise<ReconcileOutcome> {
  const { repo, storage } = deps;
  const settings = await repo.serverSettings.get();
  const outcome: ReconcileOutcome = {
    skipped: null,
    evicted: 0,
    freed_bytes: 0,
    stale: 0,
    used_bytes: 0,
    budget_bytes: 0,
  };
  if (!settings.playback_cache_enabled || settings.playback_cache_max_percent <= 0)
    return { ...outcome, skipped: "the playback cache is off" };

  for (const row of await repo.playback.listByStatus("building", 1000)) {
    signal.throwIfAborted();
    if (deps.building(row.video_id)) continue;
    const video = await repo.videos.getById(row.video_id);
    if (video) await removeBuildLeftovers(row.video_id, video.filename, deps);
    if (await repo.playback.deleteIf(row.video_id, { status: "building" })) outcome.stale++;
  }
  for (const row of await repo.playback.listByStatus("ready", 10_000)) {
    signal.throwIfAborted();
    const filename = row.filename as string;
    if ((await storage.size(storageLayout.videoFile(filename))) !== null) continue;
    if (await repo.playback.deleteIf(row.video_id, { status: "ready", filename })) outcome.stale++;
  }

  let used = await repo.playback.totalReadyBytes();
  const budget = cacheBudget(settings.playback_cache_max_percent, await deps.space(), used);
  outcome.budget_bytes = budget.bytes;
  while (used > budget.bytes) {
    const lru = await repo.playback.listReadyByLeastRecentUse(PAGE);
    const order = evictionOrder(lru, used, budget.bytes);
    let progressed = false;
    for (const id of order) {
      signal.throwIfAborted();
      const size = lru.find((r) => r.video_id === id)?.size_bytes ?? 0;
      if (!(await deps.evict(id))) continue;
      progressed = true;
      outcome.evicted++;
      outcome.freed_bytes += size;
      used -= size;
    }
    if (!progressed) break;
  }
  outcome.used_bytes = await repo.playback.totalReadyBytes();
  return outcome;
}
