import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { HttpRequestMetrics } from "../../metrics/metrics.service.ts";

/**
 * The route a request is counted under: the pattern of the route that answered (`/api/v1/videos/:id/chat`),
 * and for tRPC the procedure (`/trpc/video.listPage`), never the raw path, so the metric's series stay few
 * whatever URLs are sent. Pure.
 */
export function routeLabel(pattern: string, path: string, procedures: ReadonlySet<string>): string {
  if (path === "/trpc" || path.startsWith("/trpc/")) {
    const name = path.slice("/trpc/".length);
    if (procedures.has(name)) return `/trpc/${name}`;
    return name.includes(",") ? "/trpc/(batch)" : "/trpc/(unknown)";
  }
  return pattern || "(unmatched)";
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** The method a request is counted under: any other token a client sends is one series, `OTHER`. Pure. */
export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : "OTHER";
}

/** Counts every request answered (route, method, status) and how long it took to answer. */
export function requestMetrics(
  metrics: HttpRequestMetrics,
  procedures: ReadonlySet<string>,
): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    // After `next`, the route index is the handler that answered (a middleware's when one did).
    const route = routeLabel(routePath(c), c.req.path, procedures);
    metrics.request(route, methodLabel(c.req.method), c.res.status, (performance.now() - started) / 1000);
  };
}
