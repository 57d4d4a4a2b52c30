import type { Repository } from "../db/repository.ts";
import { ConflictError, NotFoundError } from "../domain/errors.ts";
import type { VideoDetail, VideoListQuery, VideoOffsetQuery } from "../domain/videos.ts";
import type { RecorderService } from "../recorder/recorder.service.ts";
import type { Storage } from "../storage/storage.ts";
import { type RunningRecording, withRunning } from "./running-totals.ts";
import { countSnapshots } from "./snapshots.ts";

export interface VideoLibraryDeps {
  repo: Pick<Repository, "videos" | "timeline" | "transaction" | "videoStats">;
  /** Only to count a video's live snapshots. */
  storage: Pick<Storage, "size">;
  /**
   * Starts removing queued deletions now (the maintenance task); without it they wait for the task's
   * next minute. Never throws: a wake that fails leaves them to that run.
   */
  wakeRemovals?: () => void;
  /** The recordings in progress here, counted in the statistics (none when absent). */
  recorder?: Pick<RecorderService, "activeProgress">;
}

/** What a bulk deletion queued. */
export interface BulkDeletion {
  /** Videos queued for removal (already queued ones included). */
  queued: number;
  /** Videos that were already removed, left as they are. */
  already_removed: number;
  /** The recorded size of the queued videos: what their removal frees. */
  freed_bytes: number;
}

/** How many videos one bulk deletion may name (the library selects from pages of 50). */
export const MAX_BULK_DELETE = 200;

/** One live snapshot of a video, as the hover strip loads it. */
export interface SnapshotLink {
  index: number;
  url: string;
}

/**
 * The library as viewers read it: pages, search, one video with its timeline and gaps, live snapshots,
 * statistics, and the queued deletion of a finished recording. Watch state is the caller's.
 */
export class VideoLibrary {
  constructor(private readonly deps: VideoLibraryDeps) {}

  list(query: VideoOffsetQuery) {
    return this.deps.repo.videos.list(query);
  }

  listPage(query: VideoListQuery) {
    return this.deps.repo.videos.listPage(query);
  }

  search(query: string, limit: number, viewerId: string) {
    return this.deps.repo.videos.search(query, limit, viewerId);
  }

  /** @throws NotFoundError */
  async get(id: number, viewerId?: string): Promise<VideoDetail> {
    const video = await this.deps.repo.videos.getById(id, viewerId);
    if (!video) throw new NotFoundError(`no video ${id}`);
    return video;
  }

  titles(videoId: number) {
    return this.deps.repo.timeline.titleSpans(videoId);
  }

  categories(videoId: number) {
    return this.deps.repo.timeline.categorySpans(videoId);
  }

  timeline(videoId: number) {
    return this.deps.repo.timeline.changes(videoId);
  }

  /** Skipped ads and lost stretches, on the video's timeline (parts end to end). */
  gaps(videoId: number) {
    return this.deps.repo.timeline.gaps(videoId);
  }

  /** The video's live snapshots in order, as URLs of the media route. @throws NotFoundError */
  async snapshots(videoId: number): Promise<SnapshotLink[]> {
    const video = await this.get(videoId);
    const count = await countSnapshots(this.deps.storage, video.filename);
    return Array.from({ length: count }, (_, index) => ({
      index,
      url: `/api/v1/videos/${video.id}/snapshots/${index}`,
    }));
  }

  /** The library's totals, recordings in progress included (what they have recorded so far). */
  async statistics(viewerId: string) {
    const [stats, running] = await Promise.all([
      this.deps.repo.videos.statistics(viewerId),
      this.runningRecordings(),
    ]);
    return withRunning(stats, running);
  }

  private runningRecordings(): Promise<RunningRecording[]> {
    const active = this.deps.recorder?.activeProgress() ?? [];
    return Promise.all(
      active.map(async ({ videoId, progress }) => {
        const stored = await this.deps.repo.videos.getById(videoId);
        return {
          bytes: progress?.bytes ?? 0,
          seconds: progress?.mediaSeconds ?? 0,
          stored_bytes: stored?.size_bytes ?? null,
          stored_seconds: stored?.duration_seconds ?? null,
        };
      }),
    );
  }

  /** The languages recorded, most recordings first. */
  languages() {
    return this.deps.repo.videoStats.languages();
  }

  /** The channels and categories with the most recorded time, and the audio-only share. */
  breakdown(limit: number) {
    return this.deps.repo.videoStats.breakdown(limit);
  }

  /** Recordings per interval between the boundaries. @throws InvalidInputError */
  overTime(boundaries: readonly string[]) {
    return this.deps.repo.videoStats.overTime(boundaries);
  }

  totalsForBroadcaster(broadcasterId: string) {
    return this.deps.repo.videos.totalsForBroadcaster(broadcasterId);
  }

  /**
   * Queues a finished recording's deletion; the maintenance task removes its files.
   * @throws NotFoundError, ConflictError (still recording, or already removed)
   */
  async requestDelete(id: number): Promise<{ ok: boolean }> {
    await this.deps.repo.videos.requestDelete(id);
    this.deps.wakeRemovals?.();
    return { ok: true };
  }

  /**
   * Queues several deletions at once, all or none: one still recording refuses the whole request (naming
   * it), so a selection is never half deleted. Videos already removed are skipped.
   * @throws NotFoundError, ConflictError (still recording)
   */
  async requestDeleteMany(ids: readonly number[]): Promise<BulkDeletion> {
    const outcome = await this.deps.repo.transaction(async (tx) => {
      const result: BulkDeletion = { queued: 0, already_removed: 0, freed_bytes: 0 };
      for (const id of new Set(ids)) {
        const video = await tx.videos.getById(id);
        if (!video) throw new NotFoundError(`no video ${id}`);
        if (video.deleted_at !== null) {
          result.already_removed++;
          continue;
        }
        if (video.status !== "DONE" && video.status !== "FAILED") {
          const name = video.title ? `"${video.title}" (video ${id})` : `video ${id}`;
          throw new ConflictError(`${name} is still recording; cancel it first, or leave it out`);
        }
        await tx.videos.requestDelete(id);
        result.queued++;
        result.freed_bytes += video.size_bytes ?? 0;
      }
      return result;
    });
    if (outcome.queued > 0) this.deps.wakeRemovals?.();
    return outcome;
  }
}
