import { Hono } from "hono";
import type { SimContext } from "./context.ts";

/** Helix under /helix: users, streams, channels, games, channels/followed, search/categories, eventsub/subscriptions; rate-limit headers. */
export function helixRoutes(_ctx: SimContext): Hono {
  return new Hono();
}
