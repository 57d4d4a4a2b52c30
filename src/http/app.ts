import { trpcServer } from "@hono/trpc-server";
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import type { Logger } from "../log/logger.ts";
import type { HttpRequestMetrics } from "../metrics/metrics.service.ts";
import type { ApiDeps } from "../trpc/context.ts";
import { appRouter } from "../trpc/router.ts";
import { dashboardRoutes } from "./dashboard.ts";
import type { EmbeddedAsset } from "./dashboard-assets.macro.ts";
import type { AppEnv } from "./env.ts";
import { requestLog } from "./middleware/request-log.ts";
import { requestMetrics } from "./middleware/request-metrics.ts";
import { securityHeaders } from "./middleware/security-headers.ts";
import { type HealthDeps, healthRoutes } from "./routes/health.routes.ts";

export interface HttpDeps extends HealthDeps {
  log: Logger;
  dashboard: Record<string, EmbeddedAsset>;
  /** More REST routes under /api/v1 (the EventSub receiver, …), built by the composition root. */
  apiRoutes?: Hono<AppEnv>[];
  /** What tRPC procedures work with. */
  api: ApiDeps;
  /** Where Twitch's images come from (allowed by the dashboard's Content-Security-Policy). */
  imageOrigins?: string[];
  /** Sets `caller` from the request's session cookie or API token (src/auth); nobody when absent. */
  authenticate?: MiddlewareHandler<AppEnv>;
  /** GET /metrics (its own routes, at the root) and where every request answered is counted. */
  metrics?: { routes: Hono<AppEnv>; requests: HttpRequestMetrics };
}

/** Every tRPC procedure's path (`video.listPage`): the only names requests are counted under. */
const procedurePaths = Object.keys(appRouter._def.procedures);

/**
 * Largest request body anything takes. Procedures' inputs are small JSON and EventSub's are a few KiB (its
 * receiver caps at 1 MiB itself); without this, Bun would read up to 128 MiB before zod saw the input.
 */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/**
 * The whole HTTP surface: REST under /api/v1, tRPC under /trpc, and the dashboard for everything else.
 * /api and /trpc answer their own 404s so they never fall through to the single-page app.
 */
export function createHttpApp(deps: HttpDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  if (deps.metrics) app.use(requestMetrics(deps.metrics.requests, new Set(procedurePaths)));
  app.use(requestId());
  app.use(securityHeaders({ imageOrigins: deps.imageOrigins }));
  app.use(requestLog(deps.log));
  app.use(
    bodyLimit({
      maxSize: MAX_REQUEST_BODY_BYTES,
      onError: (c) =>
        c.json(
          { error: { code: "PAYLOAD_TOO_LARGE", message: "the request body is over 1 MiB: send less" } },
          413,
        ),
    }),
  );
  app.use(
    deps.authenticate ??
      (async (c, next) => {
        c.set("caller", null);
        await next();
      }),
  );

  const api = new Hono<AppEnv>();
  api.route("/", healthRoutes(deps));
  for (const routes of deps.apiRoutes ?? []) api.route("/", routes);
  app.route("/api/v1", api);
  app.all("/api/*", (c) =>
    c.json({ error: { code: "NOT_FOUND", message: `no route ${c.req.method} ${c.req.path}` } }, 404),
  );

  app.use(
    "/trpc/*",
    trpcServer({
      router: appRouter,
      endpoint: "/trpc",
      createContext: (opts, c) => ({
        requestId: c.get("requestId"),
        caller: c.get("caller") ?? null,
        api: deps.api,
        http: { req: opts.req, resHeaders: opts.resHeaders },
      }),
      onError: ({ error, path, ctx }) => {
        if (error.code !== "INTERNAL_SERVER_ERROR") return;
        deps.log.error({ err: error.cause ?? error, path, request_id: ctx?.requestId }, "procedure failed");
      },
    }),
  );
  app.all("/trpc", (c) =>
    c.json({ error: { code: "NOT_FOUND", message: "name a procedure: /trpc/<path>" } }, 404),
  );

  if (deps.metrics) app.route("/", deps.metrics.routes);
  app.route("/", dashboardRoutes(deps.dashboard));

  app.onError((err, c) => {
    deps.log.error({ err, request_id: c.get("requestId"), path: c.req.path }, "unhandled error");
    return c.json(
      { error: { code: "INTERNAL_SERVER_ERROR", message: "internal error", request_id: c.get("requestId") } },
      500,
    );
  });
  return app;
}
