import { Hono } from "hono";
import type { SimContext } from "./context.ts";

/** Usher master playlists: /api/channel/hls/{login}.m3u8 (v1) and /api/v2/channel/hls/{login}.m3u8 (v2). */
export function usherRoutes(_ctx: SimContext): Hono {
  return new Hono();
}
