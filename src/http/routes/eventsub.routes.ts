import { Hono } from "hono";
import { z } from "zod";
import type { EventSubNotification } from "../../domain/eventsub.ts";
import type { JsonObject } from "../../domain/json.ts";
import type { EventSubInbox } from "../../eventsub/inbox.service.ts";
import type { Logger } from "../../log/logger.ts";
import { signatureMatches, timestampFresh } from "../../twitch/eventsub-signature.ts";
import type { AppEnv } from "../env.ts";

/** Twitch posts at most this much; a larger body is not an EventSub message. */
export const MAX_BODY_BYTES = 1024 * 1024;

const message = z.object({
  subscription: z.object({
    id: z.string(),
    type: z.string(),
    version: z.string(),
    status: z.string(),
    condition: z.record(z.string(), z.string()),
    // Twitch sends these too; a verification uses them to mirror a subscription not mirrored yet.
    cost: z.number().int().min(0).optional(),
    created_at: z.string().max(64).optional(),
    transport: z.object({ method: z.string().max(32), callback: z.string().max(2048).optional() }).optional(),
  }),
  event: z.record(z.string(), z.unknown()).optional(),
  challenge: z.string().optional(),
});
export type EventSubMessage = z.infer<typeof message>;

export interface WebhookReceiverDeps {
  /** The audit trail: every verified message, duplicates told apart, each ending processed or failed. */
  inbox: Pick<EventSubInbox, "receive" | "verified" | "revoked" | "processed" | "failed">;
  /** The EventSub secret the subscriptions were created with. */
  secret: () => string;
  /** Whether notifications act (direct/relay modes) or are only audited. */
  processing: () => boolean;
  /** Acts on a notification; runs after the response, never awaited by it. */
  onNotification: (notification: EventSubNotification) => Promise<void>;
  log: Logger;
  now?: () => number;
}

/**
 * `POST /api/v1/webhook/callback`: Twitch's EventSub deliveries. The raw body is checked (HMAC over the
 * exact bytes, in constant time; ±10 minutes replay window) before anything is parsed; every message is
 * audited in webhook_events; duplicates (same message id) are acknowledged and ignored; the answer never
 * waits for what a notification sets off, so Twitch never times out and retries.
 */
export function webhookRoutes(deps: WebhookReceiverDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const queue = new ProcessingQueue(4, deps.log);
  const now = deps.now ?? Date.now;

  app.post("/webhook/callback", async (c) => {
    const id = c.req.header("Twitch-Eventsub-Message-Id");
    const timestamp = c.req.header("Twitch-Eventsub-Message-Timestamp");
    const signature = c.req.header("Twitch-Eventsub-Message-Signature");
    const type = c.req.header("Twitch-Eventsub-Message-Type");
    if (!id || !timestamp || !signature || !type) return c.text("missing EventSub headers", 400);

    const body = await readCapped(c.req.raw, MAX_BODY_BYTES);
    if (body === null) return c.text("body too large", 413);
    if (!timestampFresh(timestamp, now())) return c.text("message too old or from the future", 403);
    if (!signatureMatches(deps.secret(), id, timestamp, body, signature)) return c.text("bad signature", 403);

    let parsed: EventSubMessage;
    try {
      parsed = message.parse(JSON.parse(new TextDecoder().decode(body)));
    } catch {
      return c.text("not an EventSub message", 400);
    }
    const messageType = type as "notification" | "webhook_callback_verification" | "revocation";
    if (!["notification", "webhook_callback_verification", "revocation"].includes(messageType)) {
      return c.text("unknown message type", 400);
    }

    const { inbox } = deps;
    const { eventId, duplicate } = await inbox.receive({
      id,
      type: messageType,
      timestamp,
      subscription: parsed.subscription,
      payload: parsed as unknown as JsonObject,
    });

    if (messageType === "webhook_callback_verification") {
      // Answering the challenge is what enables the subscription on Twitch: the mirror follows.
      if (!duplicate && parsed.challenge) await inbox.verified(eventId, parsed.subscription);
      else if (!duplicate) await inbox.processed(eventId);
      return c.text(parsed.challenge ?? "", 200, { "Content-Type": "text/plain" });
    }
    if (duplicate) return c.body(null, 204);
    if (messageType === "revocation") {
      await inbox.revoked(eventId, parsed.subscription.id, parsed.subscription.status);
      deps.log.warn(
        { subscription: parsed.subscription.type, status: parsed.subscription.status },
        "Twitch revoked a subscription",
      );
      return c.body(null, 204);
    }
    if (!deps.processing() || !parsed.event) {
      await inbox.processed(eventId);
      return c.body(null, 204);
    }
    const notification = {
      type: parsed.subscription.type,
      version: parsed.subscription.version,
      event: parsed.event,
      subscriptionId: parsed.subscription.id,
    };
    queue.push(async () => {
      try {
        await deps.onNotification(notification);
        await inbox.processed(eventId);
      } catch (err) {
        deps.log.error({ err, type: notification.type }, "an EventSub notification could not be handled");
        await inbox.failed(eventId, (err as Error).message).catch(() => {});
      }
    });
    return c.body(null, 204);
  });
  return app;
}

/** The body, or null as soon as it grows past `limit` (without reading the rest). */
async function readCapped(req: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(req.headers.get("Content-Length") ?? Number.NaN);
  if (declared > limit) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (!req.body) return new Uint8Array(0);
  for await (const chunk of req.body) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** Runs queued work with bounded concurrency, so a flood of notifications is worked off, not piled on. */
class ProcessingQueue {
  private readonly waiting: (() => Promise<void>)[] = [];
  private running = 0;

  constructor(
    private readonly concurrency: number,
    private readonly log: Logger,
  ) {}

  push(work: () => Promise<void>): void {
    this.waiting.push(work);
    this.next();
  }

  private next(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const work = this.waiting.shift() as () => Promise<void>;
      this.running++;
      work()
        .catch((err) => this.log.error({ err }, "queued work failed"))
        .finally(() => {
          this.running--;
          this.next();
        });
    }
  }
}
