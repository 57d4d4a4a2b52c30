import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../log/logger.ts";
import { probe } from "../media/ffprobe.ts";
import { thumbnailTime, writeStrip, writeThumbnail } from "../media/stills.ts";
import type { Storage } from "../storage/storage.ts";
import type { PartState } from "./resume-state.ts";

export interface FinishedPartMedia {
  durationSeconds: number;
  sizeBytes: number;
  /** Storage key of the hero thumbnail, when one could be made (video only). */
  thumbnailKey: string | null;
  stripKey: string | null;
}

export interface FinisherDeps {
  storage: Storage;
  ffmpegPath: string;
  ffprobePath: string;
  scratchDir: string;
  log: Logger;
}

/**
 * After a part's file is final: check it with ffprobe, make its stills, and put everything in storage
 * (in place for local storage; uploaded from scratch for S3). Stills are best effort: a recording without a
 * thumbnail is still a recording.
 */
export async function finishPartMedia(
  part: PartState,
  baseName: string,
  deps: FinisherDeps,
): Promise<FinishedPartMedia> {
  const info = await probe(part.path, deps.ffprobePath);
  const durationSeconds = info.durationSeconds || part.duration_seconds;
  const suffix = `part${String(part.index).padStart(2, "0")}`;
  let thumbnailKey: string | null = null;
  let stripKey: string | null = null;

  if (info.video && durationSeconds > 0) {
    const thumbKey = `thumbnails/${baseName}-${suffix}.jpg`;
    const stripFileKey = `thumbnails/${baseName}-${suffix}-strip.jpg`;
    const thumbPath = deps.storage.localPath(thumbKey) ?? join(deps.scratchDir, `${suffix}.jpg`);
    const stripPath = deps.storage.localPath(stripFileKey) ?? join(deps.scratchDir, `${suffix}-strip.jpg`);
    await Bun.write(thumbPath, "");
    try {
      await writeThumbnail(part.path, thumbPath, thumbnailTime(durationSeconds), {
        ffmpegPath: deps.ffmpegPath,
      });
      await deps.storage.putFile(thumbKey, thumbPath, "image/jpeg");
      thumbnailKey = thumbKey;
    } catch (err) {
      deps.log.warn({ err, part: part.index }, "no thumbnail for this part");
      await rm(thumbPath, { force: true });
    }
    try {
      await writeStrip(part.path, stripPath, durationSeconds, { ffmpegPath: deps.ffmpegPath });
      await deps.storage.putFile(stripFileKey, stripPath, "image/jpeg");
      stripKey = stripFileKey;
    } catch (err) {
      deps.log.warn({ err, part: part.index }, "no preview strip for this part");
      await rm(stripPath, { force: true });
    }
  }

  const contentType = part.variant.audio_only ? "audio/mp4" : "video/mp4";
  await deps.storage.putFile(part.key, part.path, contentType);
  const sizeBytes = (await deps.storage.size(part.key)) ?? part.size_bytes;
  if (deps.storage.localPath(part.key) !== part.path) await rm(part.path, { force: true });
  return { durationSeconds, sizeBytes, thumbnailKey, stripKey };
}
