import type { Repository } from "../db/repository.ts";
import type { WebhookMessageType } from "../domain/eventsub.ts";
import type { JsonObject } from "../domain/json.ts";

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

/**
 * EventSub's audit trail (`webhook_events`): every verified message is kept, a repeated message id is
 * a duplicate, and each ends processed or failed with the reason. Revocations mark the mirrored subscription.
 */
export class EventSubInbox {
  constructor(private readonly deps: { repo: Pick<Repository, "eventsub" | "webhookEvents"> }) {}

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
    await this.deps.repo.eventsub.revoke(subscriptionId, status);
    await this.deps.repo.webhookEvents.markProcessed(eventId);
  }

  processed(eventId: number): Promise<void> {
    return this.deps.repo.webhookEvents.markProcessed(eventId);
  }

  failed(eventId: number, error: string): Promise<void> {
    return this.deps.repo.webhookEvents.markFailed(eventId, error);
  }
}
