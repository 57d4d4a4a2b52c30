import { apiWorld } from "./api-world.ts";
import type { SimContext } from "./context.ts";
import { eventPayload } from "./eventsub/messages.ts";

/**
 * EventSub webhook delivery: turns the world's events into signed POSTs to registered callbacks
 * (verification on create, stream.online, stream.offline, channel.update v2, revocation), with retries and
 * the webhook fault switches. Returns a function that stops delivering.
 */
export function startEventSubDelivery(ctx: SimContext): () => void {
  const { subscriptions, webhooks } = apiWorld(ctx);
  const unsubscribe = ctx.state.onEvent((event) => {
    const listeners = subscriptions.listeners(event.type, event.channel.user.id);
    if (listeners.length === 0) return;
    const payload = eventPayload(event);
    for (const sub of listeners) webhooks.notify(sub, payload);
  });
  return () => {
    unsubscribe();
    webhooks.stop();
  };
}
