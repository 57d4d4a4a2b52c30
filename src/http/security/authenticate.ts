import type { MiddlewareHandler } from "hono";
import type { AuthService } from "../../auth/auth.service.ts";
import type { AppEnv } from "../env.ts";
import { readSessionCookie } from "./cookies.ts";

/** `Authorization: Bearer <token>`: the token is the first group. */
export const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Sets `caller` on every request: an `Authorization: Bearer <api token>` header acts for the token's
 * owner (with the owner's current role); otherwise the session cookie. With an Authorization header the
 * cookie is never read, so a script's request cannot borrow a browser session. An unknown, revoked or
 * expired credential leaves the request anonymous, so protected routes answer 401.
 */
export function authenticate(auth: AuthService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (header !== undefined) {
      const token = BEARER.exec(header)?.[1];
      const caller = token ? await auth.tokenCaller(token) : null;
      // REST routes under /api/v1 read with GET/HEAD: anything else needs a full token; a metrics token
      // opens nothing here (the tRPC procedures check the same scopes per call).
      const allowed =
        c.req.path.startsWith("/trpc") ||
        caller?.scope === "full" ||
        (caller?.scope === "read" && ["GET", "HEAD"].includes(c.req.method));
      c.set("caller", allowed ? caller : null);
    } else {
      const sessionId = readSessionCookie(c);
      c.set("caller", sessionId ? await auth.sessionCaller(sessionId) : null);
    }
    await next();
  };
}
