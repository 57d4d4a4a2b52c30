import { Hono } from "hono";
import { apiWorld } from "./api-world.ts";
import type { SimContext } from "./context.ts";
import { eventSubRoutes } from "./eventsub/subscriptions.routes.ts";
import { catalogRoutes } from "./helix/catalog.routes.ts";
import { HelixError, helixErrorBody } from "./helix/errors.ts";
import { type HelixEnv, rateLimit, requireToken } from "./helix/middleware.ts";
import { streamsRoutes } from "./helix/streams.routes.ts";
import { usersRoutes } from "./helix/users.routes.ts";

/** Helix under /helix: users, streams, channels, games, channels/followed, search/categories, eventsub/subscriptions; rate-limit headers. */
export function helixRoutes(ctx: SimContext): Hono {
  const { state } = ctx;
  const world = apiWorld(ctx);
  const faults = () => state.faults;
  const helix = new Hono<HelixEnv>();

  helix.onError((err, c) => {
    if (err instanceof HelixError) return c.json(helixErrorBody(err.status, err.message), err.status);
    throw err;
  });
  helix.use(rateLimit({ limiter: world.rateLimiter, tokens: world.tokens, faults, random: state.random }));
  helix.use(requireToken(world.tokens, ctx.browserBase));
  helix.route("/", usersRoutes(state));
  helix.route("/", streamsRoutes(state, faults));
  helix.route("/", catalogRoutes(state));
  helix.route("/", eventSubRoutes({ state, subscriptions: world.subscriptions, webhooks: world.webhooks }));

  const app = new Hono();
  app.route("/helix", helix);
  return app;
}
