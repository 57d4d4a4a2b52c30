import type { Repository } from "../db/repository.ts";
import { type Caller, roleAtLeast } from "../domain/users.ts";
import type { WatchProgress } from "../domain/videos.ts";

/** A viewer's own state of the library: watch later, playback positions, and requested recordings. */
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

  /**
   * Recording requests with who made them and the outcome: an admin or the owner sees everyone's (they
   * run the recorder), anyone else their own.
   */
  requestsFor(caller: Caller, page: { limit: number; offset: number }) {
    const everyone = roleAtLeast(caller.role, "admin");
    return this.deps.repo.watch.requestsPage({ ...page, userId: everyone ? null : caller.id });
  }

  async request(userId: string, videoId: number): Promise<{ ok: boolean }> {
    await this.deps.repo.watch.request(userId, videoId);
    return { ok: true };
  }
}
