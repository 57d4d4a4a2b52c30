import { Hono } from "hono";
import type { VideoFiles } from "../../library/video-files.service.ts";
import type { PartDownloadSigner } from "../../recording-webhook/signed-url.ts";
import { storageLayout } from "../../storage/layout.ts";
import type { Storage } from "../../storage/storage.ts";
import type { AppEnv } from "../env.ts";
import { serveStored } from "../media/serve.ts";

export interface PartDownloadDeps {
  videos: Pick<VideoFiles, "downloadable">;
  storage: Storage;
  signer: PartDownloadSigner;
}

/**
 * `GET /api/v1/videos/{id}/parts/{n}/download?exp=&sig=`: a part's bytes for the recording webhook's
 * receivers, who have no session. The signed, expiring query is the only credential; any problem with it is
 * one flat 403, so the route tells a stranger nothing. HTTP Range is honoured (src/http/media).
 */
export function partDownloadRoutes(deps: PartDownloadDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/videos/:id/parts/:n/download", async (c) => {
    const videoId = wholeNumber(c.req.param("id"));
    const partIndex = wholeNumber(c.req.param("n"));
    if (
      videoId === null ||
      partIndex === null ||
      !deps.signer.verify(videoId, partIndex, c.req.query("exp"), c.req.query("sig"))
    ) {
      return c.text("forbidden", 403);
    }
    const found = await deps.videos.downloadable(videoId, partIndex);
    if (found.found === "no-video") return c.text("no such video", 404);
    if (found.found === "deleted") return c.text("this recording was deleted", 410);
    if (found.found === "no-part") return c.text("no such part", 404);
    const { part } = found;
    return serveStored(deps.storage, storageLayout.videoFile(part.filename), c.req.raw, {
      contentType: part.filename.endsWith(".m4a") ? "audio/mp4" : "video/mp4",
      cacheControl: "private, no-store",
      contentDisposition: `attachment; filename="${part.filename.replace(/["\\\r\n]/g, "_")}"`,
    });
  });
  return app;
}

function wholeNumber(value: string): number | null {
  return /^[1-9]\d{0,14}$/.test(value) ? Number(value) : null;
}
