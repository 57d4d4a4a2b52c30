import type { Repository } from "../db/repository.ts";
import type { WatchProgress } from "../domain/videos.ts";

/** A viewer's own state of the library: watch later, playback positions, and their requested videos. */
export class WatchService {
  constructor(private readonly deps: { repo: Pick<Repository, "watch"> }) {}

  /** @throws NotFoundError when the video does not exist */
  setWatchLater(userId: string, videoId: number, watchLater: boolean) {
    return this.deps.repo.watch.setWatchLater(userId, videoId, watchLater);
  }

  /** A report older than the last one kept is ignored. @throws NotFoundError unless the video is DONE */
  recordProgress(userId: string, videoId: number, progress: WatchProgress) {
    return this.deps.repo.watch.recordProgress(userId, videoId, progress);
  }

  requests(userId: string, page: { limit: number; offset: number }) {
    return this.deps.repo.watch.listRequests(userId, page);
  }

  async request(userId: string, videoId: number): Promise<{ ok: boolean }> {
    await this.deps.repo.watch.request(userId, videoId);
    return { ok: true };
  }
}
