import { Hono } from "hono";
import type { SimContext } from "./context.ts";

/** Media playlists, segments (real media made by ffmpeg once and cached), and the segment ledger GET /sim/channels/{login}/segments. */
export function mediaRoutes(_ctx: SimContext): Hono {
  return new Hono();
}
