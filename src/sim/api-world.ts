import { TokenStore } from "./auth/tokens.ts";
import type { SimContext } from "./context.ts";
import { WebhookDispatcher } from "./eventsub/dispatcher.ts";
import { SubscriptionStore, subscriptionJson } from "./eventsub/subscriptions.ts";
import { RateLimiter } from "./helix/rate-limit.ts";

/**
 * What the API half of the simulator keeps beside the shared world: credentials, rate-limit buckets,
 * EventSub subscriptions and the webhook sender. OAuth, Helix, the EventSub delivery and the control
 * routes are each built from the same SimContext, so they find this through it (one per simulator).
 */
export interface ApiWorld {
  tokens: TokenStore;
  rateLimiter: RateLimiter;
  subscriptions: SubscriptionStore;
  webhooks: WebhookDispatcher;
}

const worlds = new WeakMap<SimContext, ApiWorld>();

export function apiWorld(ctx: SimContext): ApiWorld {
  const existing = worlds.get(ctx);
  if (existing) return existing;
  const { state } = ctx;
  const subscriptions = new SubscriptionStore(state.clock, state.random);
  const world: ApiWorld = {
    tokens: new TokenStore(state.clock, state.random),
    rateLimiter: new RateLimiter(),
    subscriptions,
    webhooks: new WebhookDispatcher({
      subscriptions,
      faults: () => state.faults,
      random: state.random,
      log: ctx.log.child({ surface: "eventsub" }),
    }),
  };
  worlds.set(ctx, world);
  ctx.stateSections.set("subscriptions", () =>
    subscriptions.all().map((sub) => ({ ...subscriptionJson(sub), client_id: sub.client_id })),
  );
  ctx.stateSections.set("webhook_deliveries", () => world.webhooks.deliveries());
  ctx.stateSections.set("webhook_delivery_settings", () => world.webhooks.settings);
  return world;
}
