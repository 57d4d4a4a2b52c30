import { Hono } from "hono";
import { z } from "zod";
import type { SimContext } from "./context.ts";
import { setSubOnly, setSubscribed, setTurbo } from "./entitlements.ts";
import type { SimState, SimUser } from "./state.ts";

const turboInput = z.strictObject({ turbo: z.boolean() });
const subscriptionInput = z.strictObject({ channel: z.string(), subscribed: z.boolean().default(true) });
const subOnlyInput = z.strictObject({ sub_only: z.boolean() });

async function body<T>(req: { text(): Promise<string> }, schema: z.ZodType<T>): Promise<T> {
  const text = await req.text();
  return schema.parse(text.trim() === "" ? {} : JSON.parse(text));
}

/** A user's account as the entitlement switches answer it: Turbo, and the channels they subscribe to. */
export function accountView(state: SimState, user: SimUser) {
  return {
    id: user.id,
    login: user.login,
    turbo: user.turbo,
    subscriptions: user.subscriptions.map((id) => state.channels.get(id)?.user.login ?? id),
  };
}

/**
 * The viewer-account switches, mounted under /sim (errors answered by the control API's handler): Turbo
 * for a user, a user's subscription to a channel, a channel's subscriber-only mode (docs/simulator.md).
 */
export function entitlementRoutes(ctx: SimContext): Hono {
  const { state } = ctx;
  const app = new Hono();

  app.post("/users/:login/turbo", async (c) => {
    const { turbo } = await body(c.req, turboInput);
    return c.json(accountView(state, setTurbo(state, c.req.param("login"), turbo)));
  });

  app.post("/users/:login/subscriptions", async (c) => {
    const { channel, subscribed } = await body(c.req, subscriptionInput);
    return c.json(accountView(state, setSubscribed(state, c.req.param("login"), channel, subscribed)));
  });

  app.post("/channels/:login/sub-only", async (c) => {
    const { sub_only } = await body(c.req, subOnlyInput);
    const channel = setSubOnly(state, c.req.param("login"), sub_only);
    return c.json({ login: channel.user.login, sub_only: channel.sub_only });
  });

  return app;
}
