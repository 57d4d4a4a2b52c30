import { type Context, Hono } from "hono";
import { z } from "zod";
import type { Repository } from "../../db/repository.ts";
import type { VideoDetail, VideoPart } from "../../domain/videos.ts";
import { storageLayout } from "../../storage/layout.ts";
import type { Storage } from "../../storage/storage.ts";
import { type AppEnv, requireCaller } from "../env.ts";
import { contentTypeOf } from "../media/content-type.ts";
import { mediaNotFound, serveStored } from "../media/serve.ts";

export interface MediaDeps {
  repo: Pick<Repository, "videos" | "playback">;
  storage: Storage;
}

/** Content that never changes once its URL answers (a finished part, its stills, a snapshot). */
const IMMUTABLE = "private, max-age=31536000, immutable";
/** Content a URL may point at anew (a video's picture, a rebuilt playback file): revalidate each time. */
const REVALIDATE = "private, no-cache";

// Ids come from the URL as text: only plain decimal numbers pass; anything else is "not found".
const videoId = z
  .string()
  .regex(/^[1-9]\d{0,14}$/)
  .transform(Number);
const partNumber = z
  .string()
  .regex(/^[1-9]\d{0,3}$/)
  .transform(Number);
const snapshotIndex = z
  .string()
  .regex(/^(0|[1-9]\d{0,3})$/)
  .transform(Number);

/**
 * The recordings' bytes under /api/v1, for any signed-in caller (session or API token): part streams,
 * the playback artifact, thumbnails, hover strips, live snapshots and waveforms, all with Range. Every
 * storage key comes from the database row (`storageLayout`), never from the request path, and anything
 * missing, unfinished, removed or malformed answers the same JSON 404.
 */
export function mediaRoutes(deps: MediaDeps): Hono<AppEnv> {
  const { repo, storage } = deps;

  /** The video of a request (null when the id is malformed, unknown or removed). */
  const videoOf = async (c: Context<AppEnv>): Promise<VideoDetail | null> => {
    const id = videoId.safeParse(c.req.param("id"));
    if (!id.success) return null;
    const video = await repo.videos.getById(id.data);
    return video && video.deleted_at === null ? video : null;
  };
  /** The finished part numbered in the URL (1-based). */
  const partOf = async (c: Context<AppEnv>): Promise<{ video: VideoDetail; part: VideoPart } | null> => {
    const n = partNumber.safeParse(c.req.param("n"));
    if (!n.success) return null;
    const video = await videoOf(c);
    const part = video?.parts.find((p) => p.part_index === n.data && p.finalized_at !== null);
    return video && part ? { video, part } : null;
  };
  const serve = (c: Context<AppEnv>, key: string, cacheControl: string, contentType = contentTypeOf(key)) =>
    serveStored(storage, key, c.req.raw, { contentType, cacheControl });

  return new Hono<AppEnv>()
    .get("/videos/:id/parts/:n/stream", requireCaller, async (c) => {
      const found = await partOf(c);
      if (!found) return mediaNotFound("no such finished part");
      return serve(c, storageLayout.videoFile(found.part.filename), IMMUTABLE);
    })
    .get("/videos/:id/parts/:n/thumbnail", requireCaller, async (c) => {
      const found = await partOf(c);
      if (!found?.part.thumbnail) return mediaNotFound("this part has no thumbnail");
      return serve(c, found.part.thumbnail, IMMUTABLE);
    })
    .get("/videos/:id/parts/:n/strip", requireCaller, async (c) => {
      const found = await partOf(c);
      if (!found) return mediaNotFound("no such finished part");
      return serve(c, storageLayout.partStrip(found.video.filename, found.part.part_index), IMMUTABLE);
    })
    .get("/videos/:id/parts/:n/waveform", requireCaller, async (c) => {
      const found = await partOf(c);
      if (!found) return mediaNotFound("no such finished part");
      return serve(c, storageLayout.partWaveform(found.video.filename, found.part.part_index), IMMUTABLE);
    })
    .get("/videos/:id/thumbnail", requireCaller, async (c) => {
      const video = await videoOf(c);
      const key = video?.thumbnail ?? video?.parts.find((p) => p.thumbnail)?.thumbnail;
      if (!key) return mediaNotFound("this video has no thumbnail yet");
      return serve(c, key, REVALIDATE);
    })
    .get("/videos/:id/snapshots/:n", requireCaller, async (c) => {
      const index = snapshotIndex.safeParse(c.req.param("n"));
      const video = index.success ? await videoOf(c) : null;
      if (!video || !index.success) return mediaNotFound("no such snapshot");
      return serve(c, storageLayout.snapshot(video.filename, index.data), IMMUTABLE);
    })
    .get("/videos/:id/playback/stream", requireCaller, async (c) => {
      const video = await videoOf(c);
      const ready = video?.status === "DONE" && video.playback_artifact?.status === "ready";
      const asset = ready ? video.playback_artifact : null;
      if (!video || !asset?.filename) return mediaNotFound("this video has no playback file");
      const key = storageLayout.videoFile(asset.filename);
      const response = await serve(c, key, REVALIDATE, asset.mime_type ?? contentTypeOf(key));
      // The cache keeps what is watched: a playback start (not every seek) marks the artifact as used.
      const range = c.req.header("range");
      if (response.ok && c.req.method === "GET" && (!range || /^bytes=0-$/i.test(range.trim())))
        await repo.playback.touch(video.id);
      return response;
    });
}
