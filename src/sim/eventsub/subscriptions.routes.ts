import { Hono } from "hono";
import { z } from "zod";
import { fromZodError, HelixError } from "../helix/errors.ts";
import type { HelixEnv } from "../helix/middleware.ts";
import { paginate } from "../helix/pagination.ts";
import { cursorParams, parseQuery } from "../helix/query.ts";
import type { SimState } from "../state.ts";
import type { WebhookDispatcher } from "./dispatcher.ts";
import {
  type SubscriptionType,
  subscriptionRequestSchema,
  typeVersionProblem,
} from "./subscription-request.ts";
import { type SubscriptionStore, subscriptionJson } from "./subscriptions.ts";

const listQuery = z.object({
  status: z.string().optional(),
  type: z.string().optional(),
  user_id: z.string().optional(),
  subscription_id: z.string().optional(),
  after: cursorParams.after,
});

const deleteQuery = z.object({ id: z.string({ error: "required" }).min(1, { error: "required" }) });

/** Helix lists EventSub subscriptions 100 at a time; there is no `first`. */
const PAGE_SIZE = 100;

/**
 * /eventsub/subscriptions: create (202, then the verification request goes out), list, delete.
 * Webhook subscriptions belong to the app: creating one needs an app token, and a user token lists none
 * (it would list WebSocket subscriptions, which the simulator does not offer).
 */
export function eventSubRoutes(deps: {
  state: SimState;
  subscriptions: SubscriptionStore;
  webhooks: WebhookDispatcher;
}): Hono<HelixEnv> {
  const { state, subscriptions, webhooks } = deps;
  const app = new Hono<HelixEnv>();

  app.get("/eventsub/subscriptions", (c) => {
    const token = c.get("token");
    const query = parseQuery(c, listQuery);
    const filters = (["status", "type", "user_id", "subscription_id"] as const).filter(
      (f) => query[f] !== undefined,
    );
    if (filters.length > 1) throw new HelixError(400, `${filters.join(", ")}: use at most one filter`);
    const mine = token.user_id ? [] : subscriptions.list(token.client_id, query);
    const page = paginate(mine, { first: PAGE_SIZE, after: query.after });
    const totals = token.user_id
      ? { total: 0, total_cost: 0, max_total_cost: subscriptions.totals(token.client_id).max_total_cost }
      : subscriptions.totals(token.client_id);
    return c.json({ data: page.items.map(subscriptionJson), ...totals, pagination: page.pagination });
  });

  app.post("/eventsub/subscriptions", async (c) => {
    if (state.random.chance(state.faults.eventsub_create_error_rate))
      throw new HelixError(503, "service unavailable");
    const token = c.get("token");
    if (token.user_id) throw new HelixError(400, "invalid transport and auth combination");
    let raw: unknown;
    try {
      raw = JSON.parse(await c.req.text());
    } catch {
      throw new HelixError(400, "body: expected a JSON object");
    }
    const parsed = subscriptionRequestSchema.safeParse(raw);
    if (!parsed.success) throw fromZodError(parsed.error);
    const request = parsed.data;
    const problem = typeVersionProblem(request.type, request.version);
    if (problem) throw new HelixError(400, problem);
    if (!state.users.has(request.condition.broadcaster_user_id)) {
      throw new HelixError(400, "condition.broadcaster_user_id: no such user");
    }
    const sub = subscriptions.create(token.client_id, { ...request, type: request.type as SubscriptionType });
    webhooks.verify(sub);
    return c.json({ data: [subscriptionJson(sub)], ...subscriptions.totals(token.client_id) }, 202);
  });

  app.delete("/eventsub/subscriptions", (c) => {
    const { id } = parseQuery(c, deleteQuery);
    if (!subscriptions.delete(c.get("token").client_id, id))
      throw new HelixError(404, "subscription not found");
    return c.body(null, 204);
  });

  return app;
}
