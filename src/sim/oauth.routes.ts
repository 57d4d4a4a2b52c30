import { Hono } from "hono";
import type { SimContext } from "./context.ts";

/** OAuth under /oauth2: token (client credentials, authorization code with PKCE, refresh), authorize, validate, revoke. */
export function oauthRoutes(_ctx: SimContext): Hono {
  return new Hono();
}
