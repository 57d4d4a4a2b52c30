import { Hono } from "hono";
import type { EmbeddedAsset } from "./dashboard-assets.macro.ts";

/** Hashed build output (Vite puts it under /assets/) never changes under the same name. */
const IMMUTABLE = "public, max-age=31536000, immutable";

interface DecodedAsset {
  type: string;
  etag: string;
  body: Uint8Array;
  gzip: Uint8Array | null;
}

/**
 * Serves the single-page dashboard from embedded assets: exact files first, then `index.html` for any
 * other GET so client-side routes load. Missing files under /assets/ and paths that look like files
 * answer 404 instead, so a stale bundle reference fails loudly rather than parsing HTML as JavaScript.
 * The caller mounts the API before this, so /api and /trpc never reach it.
 */
export function dashboardRoutes(assets: Record<string, EmbeddedAsset>): Hono {
  const app = new Hono();
  const decoded = new Map<string, DecodedAsset>();
  const get = (path: string): DecodedAsset | undefined => {
    const cached = decoded.get(path);
    if (cached) return cached;
    const asset = assets[path];
    if (!asset) return undefined;
    const entry = {
      type: asset.type,
      etag: asset.etag,
      body: Buffer.from(asset.body, "base64"),
      gzip: asset.gzip ? Buffer.from(asset.gzip, "base64") : null,
    };
    decoded.set(path, entry);
    return entry;
  };

  app.on(["GET", "HEAD"], "*", (c) => {
    const path = c.req.path;
    if (!assets["/index.html"]) {
      return c.text(
        "The dashboard is not built: run `npm run build` (or `npm start`, which builds it).",
        503,
      );
    }
    const exact = path !== "/" && path !== "/index.html" ? get(path) : undefined;
    if (!exact && (path.startsWith("/assets/") || /\.[a-z0-9]+$/i.test(path.split("/").pop() ?? ""))) {
      return c.text("Not found", 404);
    }
    const asset = exact ?? (get("/index.html") as DecodedAsset);
    const cacheControl =
      exact && path.startsWith("/assets/") ? IMMUTABLE : exact ? "public, max-age=3600" : "no-cache";

    const headers: Record<string, string> = {
      "Content-Type": asset.type,
      "Cache-Control": cacheControl,
      ETag: asset.etag,
      Vary: "Accept-Encoding",
    };
    const ifNoneMatch = c.req.header("If-None-Match");
    if (ifNoneMatch?.split(",").some((tag) => tag.trim().replace(/^W\//, "") === asset.etag)) {
      return c.body(null, 304, headers);
    }
    const useGzip = asset.gzip !== null && /\bgzip\b/.test(c.req.header("Accept-Encoding") ?? "");
    if (useGzip) headers["Content-Encoding"] = "gzip";
    const body = (useGzip ? asset.gzip : asset.body) as Uint8Array<ArrayBuffer>;
    headers["Content-Length"] = String(body.byteLength);
    if (c.req.method === "HEAD") return c.body(null, 200, headers);
    return c.body(body, 200, headers);
  });
  return app;
}
