import { Hono } from "hono";
import type { SimContext } from "./context.ts";

/** Preview thumbnails (/previews-ttv/*) and box art (/ttv-boxart/*). */
export function imagesRoutes(_ctx: SimContext): Hono {
  return new Hono();
}
