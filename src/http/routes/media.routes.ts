import { type Context, Hono } from "hono";
import { z } from "zod";
import type { VideoDetail, VideoPart } from "../../domain/videos.ts";
import { eventPlaylist, type PlaylistPart } from "../../hls/event-playlist.ts";
import type { VideoFiles } from "../../library/video-files.service.ts";
import type { Logger } from "../../log/logger.ts";
import { FragmentIndexCache } from "../../media/fragment-index-cache.ts";
import type { PlaybackCache } from "../../playback-cache/playback-cache.service.ts";
import { storageLayout } from "../../storage/layout.ts";
import type { Storage } from "../../storage/storage.ts";
import { type AppEnv, requireCaller } from "../env.ts";
import { contentTypeOf } from "../media/content-type.ts";
import { partFile, partIndex } from "../media/part-files.ts";
import { strongEtag } from "../media/preconditions.ts";
import { mediaNotFound, serveBytes, serveStored } from "../media/serve.ts";

export interface MediaDeps {
  /** Which recordings may be served (never a removed one), and playback starts for the cache. */
  videos: Pick<VideoFiles, "servable" | "playbackStarted" | "playbackFileMissing">;
  /** Told when a finished multi-part recording is played part by part (it may build the single file). */
  playbackCache?: Pick<PlaybackCache, "opened">;
  storage: Storage;
  /** `<DATA_DIR>/scratch`, where S3 recordings keep the part being written. */
  scratchRoot: string;
  /** Fragment indexes kept between requests (a new cache when not given). */
  indexes?: FragmentIndexCache;
  /** Told once per video when the legacy single-file route serves only part 1 of several. */
  log?: Pick<Logger, "warn">;
}

/** Content that never changes once its URL answers (a finished part, its stills, a snapshot). */
const IMMUTABLE = "private, max-age=31536000, immutable";
/** Content a URL may point at anew (a video's picture, a rebuilt playback file): revalidate each time. */
const REVALIDATE = "private, no-cache";
/** RFC 8216 §4.3.3.5's MIME type of a playlist. */
const PLAYLIST_TYPE = "application/vnd.apple.mpegurl";

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
 * The recordings' bytes under /api/v1, for any signed-in caller (session or API token): part streams
 * (finished, or up to the last complete fragment of the part being recorded), the video's HLS playlist,
 * the playback artifact, thumbnails, hover strips, live snapshots and waveforms, all with Range. Every
 * storage key and path comes from the database row (`storageLayout`, `recordingPath`), never from the
 * request path, and anything missing, removed or malformed answers the same JSON 404.
 */
export function mediaRoutes(deps: MediaDeps): Hono<AppEnv> {
  const { videos, storage } = deps;
  const files = { storage, scratchRoot: deps.scratchRoot, indexes: deps.indexes ?? new FragmentIndexCache() };

  /** The video of a request (null when the id is malformed, unknown or removed). */
  const videoOf = async (c: Context<AppEnv>): Promise<VideoDetail | null> => {
    const id = videoId.safeParse(c.req.param("id"));
    if (!id.success) return null;
    return videos.servable(id.data);
  };
  /** The part numbered in the URL (1-based), finished or still being written. */
  const anyPartOf = async (c: Context<AppEnv>): Promise<{ video: VideoDetail; part: VideoPart } | null> => {
    const n = partNumber.safeParse(c.req.param("n"));
    if (!n.success) return null;
    const video = await videoOf(c);
    const part = video?.parts.find((p) => p.part_index === n.data);
    return video && part ? { video, part } : null;
  };
  /** The finished part numbered in the URL. */
  const partOf = async (c: Context<AppEnv>) => {
    const found = await anyPartOf(c);
    return found?.part.finalized_at != null ? found : null;
  };
  /** A part still being written, served up to the end of its last complete fragment. */
  const serveRecording = async (c: Context<AppEnv>, video: VideoDetail, part: VideoPart) => {
    const file = await partFile(files, video, part);
    const index = file?.path ? await partIndex(files, file) : null;
    if (!file?.path || !index) return mediaNotFound("nothing of this part is playable yet");
    const path = file.path;
    return serveBytes(
      {
        size: index.end,
        // The served bytes only grow while recording: their length (and the end) identify them.
        etag: strongEtag("rec", file.identity.replace(/[^\w]/g, "."), index.end, index.finished ? 1 : 0),
        lastModified: file.modifiedAt,
        body: async (range) => Bun.file(path).slice(range.start, range.end + 1),
      },
      c.req.raw,
      { contentType: contentTypeOf(part.filename), cacheControl: REVALIDATE },
    );
  };
  const serve = (c: Context<AppEnv>, key: string, cacheControl: string, contentType = contentTypeOf(key)) =>
    serveStored(storage, key, c.req.raw, { contentType, cacheControl });

  const warnedPartOne = new Set<number>();
  return (
    new Hono<AppEnv>()
      // The reference's legacy single-file route: part 1 (a multi-part video's other parts are under
      // /parts/{n}/stream, or joined by the playback cache).
      .get("/videos/:id/stream", requireCaller, async (c) => {
        const video = await videoOf(c);
        const part = video?.parts.find((p) => p.part_index === 1);
        if (!video || !part) return mediaNotFound("no such video");
        if (video.parts.length > 1 && !warnedPartOne.has(video.id)) {
          warnedPartOne.add(video.id);
          deps.log?.warn(
            { video_id: video.id, parts: video.parts.length },
            "the legacy /videos/{id}/stream serves part 1 only; use /parts/{n}/stream or /playback/stream",
          );
        }
        if (part.finalized_at !== null) return serve(c, storageLayout.videoFile(part.filename), IMMUTABLE);
        return serveRecording(c, video, part);
      })
      .get("/videos/:id/parts/:n/stream", requireCaller, async (c) => {
        const found = await anyPartOf(c);
        if (!found) return mediaNotFound("no such part");
        // Finished parts never change; the one being recorded grows, fragment by fragment.
        if (found.part.finalized_at !== null) {
          if (c.req.method === "GET") deps.playbackCache?.opened(found.video);
          return serve(c, storageLayout.videoFile(found.part.filename), IMMUTABLE);
        }
        return serveRecording(c, found.video, found.part);
      })
      .get("/videos/:id/playlist.m3u8", requireCaller, async (c) => {
        const video = await videoOf(c);
        if (!video) return mediaNotFound("no such video");
        const parts: PlaylistPart[] = [];
        for (const part of [...video.parts].sort((a, b) => a.part_index - b.part_index)) {
          const file = await partFile(files, video, part);
          const index = file ? await partIndex(files, file) : null;
          if (index)
            parts.push({
              uri: `parts/${part.part_index}/stream`,
              initLength: index.initLength,
              fragments: index.fragments,
            });
        }
        const ended = video.status === "DONE" || video.status === "FAILED";
        return new Response(eventPlaylist(parts, ended), {
          headers: {
            "Content-Type": PLAYLIST_TYPE,
            "Cache-Control": REVALIDATE,
            "X-Content-Type-Options": "nosniff",
          },
        });
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
        // The file is gone (evicted, deleted by hand): its row goes too, and the player falls back on the parts.
        if (response.status === 404) {
          await videos.playbackFileMissing(video.id, asset.filename);
          return response;
        }
        // The cache keeps what is watched: a playback start (not every seek) marks the artifact as used.
        const range = c.req.header("range");
        if (response.ok && c.req.method === "GET" && (!range || /^bytes=0-$/i.test(range.trim())))
          await videos.playbackStarted(video.id);
        return response;
      })
  );
}
