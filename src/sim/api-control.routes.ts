import { Hono } from "hono";
import { z } from "zod";
import { apiWorld } from "./api-world.ts";
import type { SimContext } from "./context.ts";
import { deliverySettingsSchema } from "./eventsub/dispatcher.ts";
import { REVOCATION_STATUSES, subscriptionJson } from "./eventsub/subscriptions.ts";
import { SimError } from "./state.ts";

const expireInput = z.strictObject({ login: z.string().optional() });
const revokeInput = z.strictObject({ status: z.enum(REVOCATION_STATUSES).optional() });

async function body<T>(req: { text(): Promise<string> }, schema: z.ZodType<T>): Promise<T> {
  const text = await req.text();
  return schema.parse(text.trim() === "" ? {} : JSON.parse(text));
}

/**
 * The API half's control routes, mounted under /sim (errors answered by the control API's handler):
 * expire tokens, revoke a subscription, tune webhook retries.
 */
export function apiControlRoutes(ctx: SimContext): Hono {
  const { tokens, subscriptions, webhooks } = apiWorld(ctx);
  const app = new Hono();

  // Every access token (or one user's) expires now, so a client's refresh-on-401 path runs.
  app.post("/oauth/expire", async (c) => {
    const { login } = await body(c.req, expireInput);
    const user = login === undefined ? undefined : ctx.state.requireUser(login);
    return c.json({ expired: tokens.expireAccess(user?.id) });
  });

  // Twitch revoking a subscription: the status changes and a revocation message goes to the callback.
  app.post("/eventsub/subscriptions/:id/revoke", async (c) => {
    const { status } = await body(c.req, revokeInput);
    const sub = subscriptions.get(c.req.param("id"));
    if (!sub) throw new SimError(404, `no subscription ${c.req.param("id")}`);
    webhooks.revoke(sub, status ?? "authorization_revoked");
    return c.json(subscriptionJson(sub));
  });

  app.get("/eventsub/delivery", (c) => c.json(webhooks.settings));
  app.post("/eventsub/delivery", async (c) => {
    webhooks.settings = { ...webhooks.settings, ...(await body(c.req, deliverySettingsSchema.partial())) };
    return c.json(webhooks.settings);
  });

  return app;
}
