import type { Repository } from "../db/repository.ts";
import { ConflictError } from "../domain/errors.ts";
import type { SubscriptionMirror, WebhookMessageType } from "../domain/eventsub.ts";
import type { JsonObject } from "../domain/json.ts";
import { type EventSink, noEvents } from "../domain/ops.ts";

/** A message whose signature the receiver checked, as it came. */
export interface InboxMessage {
  /** Twitch-Eventsub-Message-Id: the same id again is a retry. */
  id: string;
  type: WebhookMessageType;
  /** Twitch-Eventsub-Message-Timestamp. */
  timestamp: string;
  subscription: { id: string; type: string; status: string; condition: Record<string, string> };
  payload: JsonObject;
}

/** The subscription a verification challenge is about, as Twitch describes it in the message. */
export interface VerifiedSubscription {
  id: string;
  type: string;
  version: string;
  condition: Record<string, string>;
  cost?: number | undefined;
  created_at?: string | undefined;
  transport?: { method: string; callback?: string | undefined } | undefined;
}

/**
 * EventSub's audit trail (`webhook_events`): every verified message is kept, a repeated message id is
 * a duplicate, and each ends processed or failed with the reason. Revocations mark the mirrored subscription.
 */
export class EventSubInbox {
  private readonly events: EventSink;

  constructor(
    private readonly deps: {
      repo: Pick<Repository, "eventsub" | "webhookEvents">;
      /** The event log: verifications and revocations. */
      events?: EventSink;
    },
  ) {
    this.events = deps.events ?? noEvents;
  }

  /** Audits a message (linked to its subscription when replayd mirrors it). */
  async receive(message: InboxMessage): Promise<{ eventId: number; duplicate: boolean }> {
    const { repo } = this.deps;
    const mirrored = await repo.eventsub.getSubscription(message.subscription.id);
    const { event, duplicate } = await repo.webhookEvents.receive({
      event_id: message.id,
      message_type: message.type,
      event_type: message.subscription.type,
      subscription_id: mirrored ? message.subscription.id : null,
      broadcaster_id: message.subscription.condition.broadcaster_user_id ?? null,
      message_timestamp: new Date(Date.parse(message.timestamp)).toISOString(),
      payload: message.payload,
    });
    return { eventId: event.id, duplicate };
  }

  /** Twitch revoked a subscription: its mirror row says so (and why), and the message is done. */
  async revoked(eventId: number, subscriptionId: string, status: string): Promise<void> {
    const known = await this.deps.repo.eventsub.getSubscription(subscriptionId);
    await this.deps.repo.eventsub.revoke(subscriptionId, status);
    await this.deps.repo.webhookEvents.markProcessed(eventId);
    await this.events.write({
      domain: "eventsub",
      event_type: "subscription_revoked",
      severity: "warn",
      message:
        `Twitch revoked the EventSub ${known?.type ?? ""} subscription (${status}): live detection misses that channel until the next reconcile`.replace(
          "EventSub  ",
          "EventSub ",
        ),
      broadcaster_id: known?.broadcaster_id ?? null,
      data: { subscription_id: subscriptionId, type: known?.type ?? null, reason: status },
    });
  }

  /**
   * We answered Twitch's challenge, which is what enables a subscription: the mirror says enabled now
   * rather than at the next snapshot (the create's answer says pending, and channel.update subscriptions
   * live only as long as a recording). A challenge that arrives before the create's answer was mirrored
   * is mirrored from the message itself; a late "pending" does not undo it (see saveSubscription).
   */
  async verified(eventId: number, subscription: VerifiedSubscription): Promise<void> {
    const { repo } = this.deps;
    const known = await repo.eventsub.getSubscription(subscription.id);
    const mirror: SubscriptionMirror | null = known
      ? known.revoked_at === null
        ? {
            id: known.id,
            status: "enabled",
            type: known.type,
            version: known.version,
            cost: known.cost,
            condition: known.condition,
            broadcaster_id: known.broadcaster_id,
            transport_method: known.transport_method,
            transport_callback: known.transport_callback,
            twitch_created_at: known.twitch_created_at,
          }
        : null
      : subscription.transport && validDate(subscription.created_at)
        ? {
            id: subscription.id,
            status: "enabled",
            type: subscription.type,
            version: subscription.version,
            cost: subscription.cost ?? 0,
            condition: subscription.condition,
            transport_method: subscription.transport.method,
            transport_callback: subscription.transport.callback ?? null,
            twitch_created_at: new Date(Date.parse(subscription.created_at ?? "")).toISOString(),
          }
        : null;
    try {
      if (mirror) await repo.eventsub.saveSubscription(mirror);
    } catch (err) {
      // Another active row covers this channel and type: the next reconcile sorts the mirror out.
      if (!(err instanceof ConflictError)) throw err;
    }
    await repo.webhookEvents.markProcessed(eventId);
    await this.events.write({
      domain: "eventsub",
      event_type: "subscription_verified",
      severity: "info",
      message: `EventSub ${subscription.type} subscription verified: Twitch sends its events now`,
      broadcaster_id: subscription.condition.broadcaster_user_id ?? null,
      data: { subscription_id: subscription.id, type: subscription.type },
    });
  }

  processed(eventId: number): Promise<void> {
    return this.deps.repo.webhookEvents.markProcessed(eventId);
  }

  failed(eventId: number, error: string): Promise<void> {
    return this.deps.repo.webhookEvents.markFailed(eventId, error);
  }
}

function validDate(value: string | undefined): boolean {
  return value !== undefined && !Number.isNaN(Date.parse(value));
}
