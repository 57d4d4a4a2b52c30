import { Hono } from "hono";
import type { SimContext } from "./context.ts";

/** POST /gql and /gql/integrity: playback access tokens (all three request forms), integrity, error shapes. */
export function gqlRoutes(_ctx: SimContext): Hono {
  return new Hono();
}
