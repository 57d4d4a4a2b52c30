import type { MiddlewareHandler } from "hono";
import type { Logger } from "../../log/logger.ts";

/**
 * One log line per request: method, path, status, duration, response size. API calls log at info;
 * dashboard files and health probes at debug, so a container health check does not flood the log.
 */
export function requestLog(log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const path = c.req.path;
    const status = c.res.status;
    // Relayed webhooks are logged by the relay client (one line per backlog burst, not per event).
    const quiet =
      path === "/api/v1/health" ||
      c.req.header("x-replayd-relay") !== undefined ||
      !(path.startsWith("/api/") || path.startsWith("/trpc/"));
    const level = status >= 500 ? "error" : quiet ? "debug" : "info";
    log[level](
      {
        request_id: c.get("requestId"),
        method: c.req.method,
        path,
        status,
        duration_ms: Math.round((performance.now() - started) * 10) / 10,
        bytes: Number(c.res.headers.get("Content-Length") ?? 0) || undefined,
      },
      "request",
    );
  };
}
