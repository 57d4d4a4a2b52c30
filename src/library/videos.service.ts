import type { Repository } from "../db/repository.ts";
import { NotFoundError } from "../domain/errors.ts";
import type { VideoDetail, VideoListQuery, VideoOffsetQuery } from "../domain/videos.ts";
import type { RecorderService } from "../recorder/recorder.service.ts";
import type { Storage } from "../storage/storage.ts";
import { type RunningRecording, withRunning } from "./running-totals.ts";
import { countSnapshots } from "./snapshots.ts";

export interface VideoLibraryDeps {
  repo: Pick<Repository, "videos" | "timeline">;
  /** Only to count a video's live snapshots. */
  storage: Pick<Storage, "size">;
  /** The recordings in progress here, counted in the statistics (none when absent). */
  recorder?: Pick<RecorderService, "activeProgress">;
}

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

  totalsForBroadcaster(broadcasterId: string) {
    return this.deps.repo.videos.totalsForBroadcaster(broadcasterId);
  }

  /**
   * Queues a finished recording's deletion; the maintenance task removes its files.
   * @throws NotFoundError, ConflictError (still recording, or already removed)
   */
  async requestDelete(id: number): Promise<{ ok: boolean }> {
    await this.deps.repo.videos.requestDelete(id);
    return { ok: true };
  }
}
