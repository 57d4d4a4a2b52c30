import type { MiddlewareHandler } from "hono";
import type { Caller } from "../domain/users.ts";

/**
 * What every request carries through Hono: its id (hono/request-id) and who is calling, set by the
 * authentication middleware (null when nobody signed in). Routes type their Hono instances with this.
 */
export interface AppEnv {
  Variables: {
    requestId: string;
    caller: Caller | null;
  };
}

/** REST guard: 401 without a caller. Public routes (interfaces.md) simply do not use it. */
export const requireCaller: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get("caller")) {
    return c.json({ error: { code: "UNAUTHORIZED", message: "sign in first" } }, 401);
  }
  await next();
};
