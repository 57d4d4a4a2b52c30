import type { MiddlewareHandler } from "hono";
import type { AccessToken, TokenStore } from "../auth/tokens.ts";
import type { Faults } from "../faults.ts";
import type { Random } from "../random.ts";
import { HelixError, helixErrorBody } from "./errors.ts";
import type { RateLimiter } from "./rate-limit.ts";

/** What Helix handlers find on the context: the caller's token and the origin for image URLs. */
export type HelixEnv = { Variables: { token: AccessToken; origin: string } };

function bearerOf(authorization: string | undefined): string | undefined {
  return authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
}

/**
 * Ratelimit-Limit/Remaining/Reset on every answer, one bucket per app (app tokens) or per user of an app
 * (user tokens); 429 when the bucket is empty or the `helix_429_rate` fault fires.
 */
export function rateLimit(deps: {
  limiter: RateLimiter;
  tokens: TokenStore;
  faults: () => Faults;
  random: Random;
}): MiddlewareHandler<HelixEnv> {
  return async function helixRateLimit(c, next) {
    const bearer = bearerOf(c.req.header("authorization"));
    const found = bearer ? deps.tokens.lookup(bearer) : undefined;
    const key =
      found?.status === "valid"
        ? found.token.user_id
          ? `user:${found.token.client_id}:${found.token.user_id}`
          : `app:${found.token.client_id}`
        : `unauthenticated:${c.req.header("client-id") ?? ""}`;
    const take = deps.limiter.take(key);
    const forced = deps.random.chance(deps.faults().helix_429_rate);
    c.header("Ratelimit-Limit", String(deps.limiter.limit));
    c.header("Ratelimit-Remaining", String(forced ? 0 : take.remaining));
    c.header("Ratelimit-Reset", String(Math.ceil(take.resetAt / 1000)));
    if (!take.allowed || forced) return c.json(helixErrorBody(429, "Too Many Requests"), 429);
    await next();
  };
}

/**
 * Helix's auth: a Client-Id header and a Bearer token issued to that client, not expired. Also sets the
 * origin of image URLs: `browserBase`, else the simulator's own.
 */
export function requireToken(tokens: TokenStore, browserBase?: string): MiddlewareHandler<HelixEnv> {
  return async function helixAuth(c, next) {
    const authorization = c.req.header("authorization");
    const clientId = c.req.header("client-id");
    if (!authorization) throw new HelixError(401, "OAuth token is missing");
    const bearer = bearerOf(authorization);
    if (!bearer) throw new HelixError(401, 'Authorization header must be "Bearer <token>"');
    if (!clientId) throw new HelixError(401, "Client-Id header is missing");
    const found = tokens.lookup(bearer);
    if (found.status === "unknown") throw new HelixError(401, "Invalid OAuth token");
    if (found.status === "expired") throw new HelixError(401, "Token expired");
    if (found.token.client_id !== clientId)
      throw new HelixError(401, "Client ID and OAuth token do not match");
    c.set("token", found.token);
    c.set("origin", browserBase ?? new URL(c.req.url).origin);
    await next();
  };
}

/** A user token with `scope`, or a 401 saying what is missing. */
export function requireUserScope(token: AccessToken, scope: string): string {
  if (!token.user_id) throw new HelixError(401, "Missing User OAUTH Token");
  if (!token.scopes.includes(scope)) throw new HelixError(401, `Missing scope: ${scope}`);
  return token.user_id;
}
