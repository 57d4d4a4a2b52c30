import type { Repository } from "../db/repository.ts";
import type { VideoDetail, VideoPart } from "../domain/videos.ts";

/** What a signed part-download link finds. */
export type DownloadablePart =
  | { found: "part"; part: VideoPart }
  | { found: "no-video" }
  /** The recording was deleted: the link is gone for good (410). */
  | { found: "deleted" }
  /** No such part, or it is not finished yet. */
  | { found: "no-part" };

/**
 * Which recordings the media routes may serve: the HTTP layer asks here and never reads the database. A
 * removed recording serves nothing; a signed download only a finished part.
 */
export class VideoFiles {
  constructor(private readonly deps: { repo: Pick<Repository, "videos" | "playback"> }) {}

  /** The video with its parts and playback artifact, or null when unknown or removed. */
  async servable(videoId: number): Promise<VideoDetail | null> {
    const video = await this.deps.repo.videos.getById(videoId);
    return video && video.deleted_at === null ? video : null;
  }

  async downloadable(videoId: number, partIndex: number): Promise<DownloadablePart> {
    const video = await this.deps.repo.videos.getById(videoId);
    if (!video) return { found: "no-video" };
    if (video.deleted_at) return { found: "deleted" };
    const part = video.parts.find((p) => p.part_index === partIndex && p.finalized_at !== null);
    return part ? { found: "part", part } : { found: "no-part" };
  }

  /** A playback start (not every seek) marks the playback artifact used: the cache keeps what is watched. */
  playbackStarted(videoId: number): Promise<void> {
    return this.deps.repo.playback.touch(videoId);
  }

  /** The ready artifact's file is not in storage: the row goes (unless a newer build replaced it). */
  async playbackFileMissing(videoId: number, filename: string): Promise<void> {
    await this.deps.repo.playback.deleteIf(videoId, { status: "ready", filename });
  }
}
