import { Hono } from "hono";
import type { AuthService } from "../../auth/auth.service.ts";
import type { MetricsService } from "../../metrics/metrics.service.ts";
import type { AppEnv } from "../env.ts";
import { BEARER } from "../security/authenticate.ts";
import { metricsRefusal } from "../security/metrics-access.ts";

export interface MetricsRouteDeps {
  auth: Pick<AuthService, "tokenCaller">;
  metrics: Pick<MetricsService, "render" | "contentType">;
}

/**
 * GET /metrics (at the root, where Prometheus looks by default): the text exposition, for an owner's API
 * token of the metrics or full scope (`metricsRefusal`). It reads the bearer token itself: the API's
 * authentication runs on /api and /trpc only, and a cookie must not open it.
 */
export function metricsRoutes(deps: MetricsRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/metrics", async (c) => {
    const started = performance.now();
    const token = BEARER.exec(c.req.header("authorization") ?? "")?.[1];
    const caller = token ? await deps.auth.tokenCaller(token) : null;
    const refused = metricsRefusal(caller);
    if (refused) {
      const challenge = { "WWW-Authenticate": 'Bearer realm="replayd metrics"' };
      return c.text(refused.message, refused.status, refused.status === 401 ? challenge : {});
    }
    const checked = performance.now();
    const body = await deps.metrics.render();
    const ms = (from: number, to: number) => (to - from).toFixed(3);
    return c.body(body, 200, {
      "Content-Type": deps.metrics.contentType,
      "Cache-Control": "no-store",
      // What this scrape cost replayd (the token's check, the rendering), for the benchmark and curious owners.
      "Server-Timing": `auth;dur=${ms(started, checked)}, render;dur=${ms(checked, performance.now())}`,
    });
  });
  return app;
}
