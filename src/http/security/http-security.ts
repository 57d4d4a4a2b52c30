import type { MiddlewareHandler } from "hono";
import type { AuthService } from "../../auth/auth.service.ts";
import type { AppEnv } from "../env.ts";
import { authenticate } from "./authenticate.ts";
import { corsForTrusted, originGuard } from "./origin.ts";

/** Unsafe requests these paths take are authenticated otherwise (EventSub's HMAC), not by cookies. */
const CSRF_EXEMPT = ["/api/v1/webhook/callback"];

/**
 * The HTTP app's authentication seam: on `/api/*` and `/trpc/*`, CORS for trusted origins, the
 * cross-origin guard (CSRF), then the caller from the API token or session cookie. Dashboard files need
 * no caller, so they cost no database lookup.
 */
export function apiSecurity(auth: AuthService): MiddlewareHandler<AppEnv> {
  const trusted = auth.deps.settings.trustedOrigins;
  const chain: MiddlewareHandler<AppEnv>[] = [
    ...(trusted.size > 0 ? [corsForTrusted(trusted) as MiddlewareHandler<AppEnv>] : []),
    originGuard(trusted, CSRF_EXEMPT) as MiddlewareHandler<AppEnv>,
    authenticate(auth),
  ];
  return async (c, next) => {
    const path = c.req.path;
    if (!(path.startsWith("/api/") || path === "/trpc" || path.startsWith("/trpc/"))) {
      c.set("caller", null);
      return next();
    }
    const run = async (i: number): Promise<Response | undefined> => {
      const step = chain[i];
      if (!step) {
        await next();
        return undefined;
      }
      // As Hono's own composition: a step's answer becomes c.res, so the steps around it (CORS) see it.
      const answer = await step(c, async () => {
        const inner = await run(i + 1);
        if (inner) c.res = inner;
      });
      return answer ?? undefined;
    };
    return run(0);
  };
}
