import type { Repository } from "../db/repository.ts";
import { NotFoundError, PreconditionError } from "../domain/errors.ts";
import type { PlaybackAsset, VideoDetail } from "../domain/videos.ts";
import type { Logger } from "../log/logger.ts";
import { JoinError } from "../media/concat.ts";
import type { ProcessRunner } from "../process/process-runner.ts";
import { storageLayout } from "../storage/layout.ts";
import type { Storage } from "../storage/storage.ts";
import { type DiskUsage, diskUsage } from "../system/disk-space.ts";
import { type Admission, admit, type CacheSpace, cacheBudget } from "./budget.ts";
import { type BuilderDeps, buildPlaybackFile, UnavailableError } from "./builder.ts";
import { type BuildPlan, type BuildTrigger, planBuild, settingsRefusal } from "./plan.ts";
import { type ReconcileOutcome, reconcileCache } from "./reconcile.ts";

export interface PlaybackCacheDeps {
  repo: Pick<Repository, "videos" | "playback" | "serverSettings">;
  storage: Storage;
  /** `<DATA_DIR>/scratch`: S3 builds copy the parts under `playback-cache/` there. */
  scratchRoot: string;
  /** Where local storage's disk is measured (DATA_DIR). */
  dataDir: string;
  ffmpegPath: string;
  ffprobePath: string;
  processes?: ProcessRunner;
  log: Logger;
  /** The recorder's free-space floor on a disk of this size: the cache never takes the disk below it. */
  recorderFloor: (totalBytes: number) => number;
  /** A build running longer is stopped and marked failed (default 6 h). */
  buildTimeoutMs?: number;
  /** How a disk is measured (statfs unless a test gives one). */
  disk?: (path: string) => Promise<DiskUsage>;
  now?: () => number;
}

const BUILD_TIMEOUT_MS = 6 * 3600_000;
/** Requests for the same recording's parts within this long are one "open" (a player fetches many ranges). */
const OPEN_RECHECK_MS = 60_000;
/** A build that failed (may work later) is tried again on an open after this long. */
const FAILED_RETRY_MS = 30 * 60_000;
/** Progress goes to the database at most this often, unless it moved by a tenth. */
const PROGRESS_WRITE_MS = 1000;
const PROGRESS_WRITE_STEP = 0.1;

interface Queued {
  videoId: number;
  trigger: BuildTrigger;
}

/**
 * The playback cache: single files of multi-part recordings, built one at a time in the background, on a
 * viewer's first play (when "generate on first play" is on) or when someone asks; kept within the budget by
 * the maintenance task (least recently watched first). A build never touches the parts, and its failure is
 * recorded on the cache's row only: the recording still plays part after part.
 */
export class PlaybackCache {
  private readonly queue: Queued[] = [];
  private readonly queued = new Set<number>();
  private readonly lastLook = new Map<number, number>();
  private readonly admitting = new Set<Promise<unknown>>();
  private current: { videoId: number; controller: AbortController } | null = null;
  private worker: Promise<void> | null = null;
  private stopped = false;
  private readonly builder: BuilderDeps;

  constructor(private readonly deps: PlaybackCacheDeps) {
    this.builder = {
      storage: deps.storage,
      scratchRoot: deps.scratchRoot,
      ffmpegPath: deps.ffmpegPath,
      ffprobePath: deps.ffprobePath,
      processes: deps.processes,
      timeoutMs: deps.buildTimeoutMs ?? BUILD_TIMEOUT_MS,
    };
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /**
   * A viewer started playing a recording part by part (the media route calls this on each part request):
   * a recording that qualifies and has no single file yet is queued. Cheap, never throws, never waits.
   */
  opened(video: VideoDetail): void {
    if (this.stopped || video.status !== "DONE" || video.deleted_at !== null || video.parts.length < 2)
      return;
    const artifact = video.playback_artifact;
    const retry =
      artifact?.status === "failed" && this.now() - Date.parse(artifact.updated_at) >= FAILED_RETRY_MS;
    if ((artifact && !retry) || this.queued.has(video.id)) return;
    const now = this.now();
    const last = this.lastLook.get(video.id);
    if (last !== undefined && now - last < OPEN_RECHECK_MS) return;
    if (this.lastLook.size > 1000) this.lastLook.clear();
    this.lastLook.set(video.id, now);
    const admitting = this.enqueue(video.id, "open").catch((err) =>
      this.deps.log.warn({ err, video_id: video.id }, "could not queue the playback file"),
    );
    this.admitting.add(admitting);
    void admitting.finally(() => this.admitting.delete(admitting));
  }

  /**
   * "Build single file": checks now what would stop the build (the settings, the recording, the budget)
   * and queues it. Returns the cache's row: `building` (queued or running), `ready`, or `unavailable` with
   * the reason the parts cannot be joined.
   * @throws NotFoundError, PreconditionError naming what to change.
   */
  async request(videoId: number): Promise<PlaybackAsset> {
    const result = await this.enqueue(videoId, "request");
    if ("refusal" in result) throw new PreconditionError(result.refusal);
    return result.row;
  }

  private async enqueue(
    videoId: number,
    trigger: BuildTrigger,
  ): Promise<{ row: PlaybackAsset } | { refusal: string }> {
    const { repo } = this.deps;
    if (this.stopped) return { refusal: "the server is shutting down" };
    const video = await repo.videos.getById(videoId);
    if (!video || video.deleted_at !== null) throw new NotFoundError(`no video ${videoId}`);
    const refusal = settingsRefusal(await repo.serverSettings.get(), trigger);
    if (refusal) return { refusal };
    const plan = planBuild(video);
    if (plan.kind === "skip") return { refusal: plan.reason };
    if (plan.kind === "unavailable")
      return { row: await repo.playback.markFailed(videoId, { status: "unavailable", error: plan.reason }) };
    const row = video.playback_artifact;
    if (row?.status === "ready" || (row?.status === "building" && this.queued.has(videoId))) return { row };
    if (trigger === "request") {
      const admission = await this.admission(plan, videoId);
      if (!admission.fits) return { refusal: admission.reason };
    }
    if (this.stopped) return { refusal: "the server is shutting down" };
    // Queued meanwhile (two opens at once): the first one's row.
    if (this.queued.has(videoId))
      return { row: (await repo.playback.get(videoId)) ?? (await repo.playback.markBuilding(videoId)) };
    this.queued.add(videoId);
    try {
      const building = await repo.playback.markBuilding(videoId);
      this.queue.push({ videoId, trigger });
      this.kick();
      return { row: building };
    } catch (err) {
      this.queued.delete(videoId);
      throw err;
    }
  }

  /** The maintenance task's run: stale rows, then the least recently watched files beyond the budget. */
  async reconcile(signal: AbortSignal): Promise<ReconcileOutcome> {
    return reconcileCache(
      {
        repo: this.deps.repo,
        storage: this.deps.storage,
        scratchRoot: this.deps.scratchRoot,
        space: () => this.space(),
        building: (videoId) => this.queued.has(videoId),
        evict: (videoId) => this.evict(videoId),
      },
      signal,
    );
  }

  /** Stops the running build (its partial file removed, no verdict) and forgets the queue. */
  async stop(): Promise<void> {
    this.stopped = true;
    const waiting = this.queue.splice(0);
    this.current?.controller.abort();
    await Promise.allSettled([...this.admitting]);
    await this.worker;
    for (const { videoId } of waiting) {
      this.queued.delete(videoId);
      await this.forget(videoId);
    }
  }

  /** Resolves once nothing is queued or building (tests). */
  async idle(): Promise<void> {
    while (this.admitting.size > 0 || this.worker) {
      await Promise.allSettled([...this.admitting]);
      await this.worker;
    }
  }

  private kick(): void {
    if (this.worker || this.stopped) return;
    this.worker = (async () => {
      for (let next = this.queue.shift(); next && !this.stopped; next = this.queue.shift()) {
        try {
          await this.build(next);
        } catch (err) {
          this.deps.log.error({ err, video_id: next.videoId }, "playback file build crashed");
          await this.forget(next.videoId);
        } finally {
          this.queued.delete(next.videoId);
        }
      }
    })().finally(() => {
      this.worker = null;
      if (this.queue.length > 0) this.kick();
    });
  }

  /** One queued build, cancellable from its first step (`stop` aborts it wherever it is). */
  private async build(queued: Queued): Promise<void> {
    const controller = new AbortController();
    this.current = { videoId: queued.videoId, controller };
    try {
      await this.checkAndBuild(queued, controller.signal);
    } catch (err) {
      // Cancelled: nothing was decided about this recording.
      if (controller.signal.aborted) return this.forget(queued.videoId);
      const permanent =
        err instanceof UnavailableError || (err instanceof JoinError && err.kind === "failed");
      const error = (err as Error).message;
      await this.deps.repo.playback.markFailed(queued.videoId, {
        status: permanent ? "unavailable" : "failed",
        error,
      });
      this.deps.log.warn({ video_id: queued.videoId, error }, "playback file not built");
    } finally {
      this.current = null;
    }
  }

  /** Everything is checked again (settings, recording, room), since time has passed since it was queued. */
  private async checkAndBuild({ videoId, trigger }: Queued, signal: AbortSignal): Promise<void> {
    const { repo, log } = this.deps;
    const video = await repo.videos.getById(videoId);
    const refusal = settingsRefusal(await repo.serverSettings.get(), trigger);
    const plan = video ? planBuild(video) : null;
    if (!video || refusal || !plan || plan.kind === "skip") {
      log.info(
        { video_id: videoId, reason: refusal ?? (plan?.kind === "skip" ? plan.reason : "gone") },
        "playback file not built",
      );
      return this.forget(videoId);
    }
    if (plan.kind === "unavailable") {
      await repo.playback.markFailed(videoId, { status: "unavailable", error: plan.reason });
      return;
    }
    const admission = await this.admission(plan, videoId);
    if (!admission.fits) {
      // No verdict: the budget or the disk may change; the next open or request tries again.
      log.info({ video_id: videoId, reason: admission.reason }, "playback file deferred");
      return this.forget(videoId);
    }
    signal.throwIfAborted();
    for (const id of admission.evict) await this.evict(id);

    const started = this.now();
    const written = { at: 0, fraction: 0 };
    await repo.playback.setProgress(videoId, 0);
    const asset = await buildPlaybackFile(videoId, plan, this.builder, {
      signal,
      onProgress: (fraction) => {
        const soon = this.now() - written.at < PROGRESS_WRITE_MS;
        if (soon && fraction - written.fraction < PROGRESS_WRITE_STEP) return;
        written.at = this.now();
        written.fraction = fraction;
        // Done only when checked and stored: the bar stops just short until then.
        repo.playback.setProgress(videoId, Math.min(fraction, 0.99)).catch(() => {});
      },
    });
    await repo.playback.markReady(videoId, asset);
    await this.dropIfRemoved(videoId);
    log.info(
      { video_id: videoId, size_bytes: asset.size_bytes, seconds: (this.now() - started) / 1000 },
      "playback file built",
    );
  }

  /** A recording removed while its file was built: the file goes too (removal only saw the parts). */
  private async dropIfRemoved(videoId: number): Promise<void> {
    const video = await this.deps.repo.videos.getById(videoId);
    if (video && video.deleted_at === null) return;
    await this.evict(videoId);
    await this.deps.repo.playback.delete(videoId);
  }

  private async admission(plan: Extract<BuildPlan, { kind: "build" }>, videoId: number): Promise<Admission> {
    const { repo } = this.deps;
    const settings = await repo.serverSettings.get();
    const space = await this.space();
    const used = await repo.playback.totalReadyBytes();
    const lru = (await repo.playback.listReadyByLeastRecentUse(1000)).filter((r) => r.video_id !== videoId);
    return admit({
      budget: cacheBudget(settings.playback_cache_max_percent, space, used),
      usedBytes: used,
      incomingBytes: plan.estimatedBytes,
      lru,
      scratch: space.storage === "s3" ? space.scratch : undefined,
    });
  }

  private async space(): Promise<CacheSpace> {
    const measure = this.deps.disk ?? diskUsage;
    if (this.deps.storage.kind === "local") {
      const disk = await measure(this.deps.dataDir);
      return { storage: "local", disk, recorderFloorBytes: this.deps.recorderFloor(disk.totalBytes) };
    }
    const scratch = await measure(this.deps.scratchRoot);
    const libraryBytes = (await this.deps.repo.videos.statistics(null)).total_size;
    return {
      storage: "s3",
      libraryBytes,
      scratch,
      recorderFloorBytes: this.deps.recorderFloor(scratch.totalBytes),
    };
  }

  /** Deletes a ready file, then its row (a row without its file would answer 404 until then). */
  private async evict(videoId: number): Promise<boolean> {
    const row = await this.deps.repo.playback.get(videoId);
    if (row?.status !== "ready" || !row.filename) return false;
    await this.deps.storage.delete(storageLayout.videoFile(row.filename));
    return this.deps.repo.playback.deleteIf(videoId, { status: "ready", filename: row.filename });
  }

  /** A queued or cancelled build leaves no row: nothing was decided. */
  private async forget(videoId: number): Promise<void> {
    await this.deps.repo.playback.deleteIf(videoId, { status: "building" }).catch(() => false);
  }
}
