import { Hono } from "hono";
import type { Repository } from "../db/repository.ts";
import type { AppEnv } from "../http/env.ts";
import type { PartDownloadSigner } from "../http/signed-url.ts";
import type { Storage } from "../storage/storage.ts";

export interface PartDownloadDeps {
  repo: Repository;
  storage: Storage;
  signer: PartDownloadSigner;
}

/**
 * `GET /api/v1/videos/{id}/parts/{n}/download?exp=&sig=`: a part's bytes for the recording webhook's
 * receivers, who have no session. The signed, expiring query is the only credential; any problem with it is
 * one flat 403, so the route tells a stranger nothing. HTTP Range is honoured (single ranges).
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
    const video = await deps.repo.videos.getById(videoId);
    if (!video) return c.text("no such video", 404);
    if (video.deleted_at) return c.text("this recording was deleted", 410);
    const part = video.parts.find((p) => p.part_index === partIndex && p.finalized_at !== null);
    if (!part) return c.text("no such part", 404);
    const key = `videos/${part.filename}`;
    const size = await deps.storage.size(key);
    if (size === null) return c.text("the part's file is missing", 404);

    const headers: Record<string, string> = {
      "Content-Type": part.filename.endsWith(".m4a") ? "audio/mp4" : "video/mp4",
      "Content-Disposition": `attachment; filename="${part.filename.replace(/["\\\r\n]/g, "_")}"`,
      "Accept-Ranges": "bytes",
      "Cache-Control": "private, no-store",
    };
    const range = parseRange(c.req.header("range"), size);
    if (range === "unsatisfiable") {
      return c.body(null, 416, { ...headers, "Content-Range": `bytes */${size}` });
    }
    if (size === 0) return c.body(null, 200, { ...headers, "Content-Length": "0" });
    const { start, end } = range ?? { start: 0, end: size - 1 };
    const body = await deps.storage.read(key, { start, end });
    headers["Content-Length"] = String(end - start + 1);
    if (!range) return c.body(body, 200, headers);
    return c.body(body, 206, { ...headers, "Content-Range": `bytes ${start}-${end}/${size}` });
  });
  return app;
}

function wholeNumber(value: string): number | null {
  return /^[1-9]\d{0,14}$/.test(value) ? Number(value) : null;
}

/**
 * One `bytes=` range: `a-b`, `a-` or `-n` (the last n bytes). null: no (or an unsupported, e.g. multi-)
 * range, so the whole file is sent, as RFC 9110 allows.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | "unsatisfiable" | null {
  const match = header?.trim().match(/^bytes=(\d*)-(\d*)$/);
  if (!match) return null;
  const [, from = "", to = ""] = match;
  if (from === "" && to === "") return null;
  if (from === "") {
    const suffix = Number(to);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  if (start >= size) return "unsatisfiable";
  const end = to === "" ? size - 1 : Math.min(Number(to), size - 1);
  return end < start ? null : { start, end };
}
