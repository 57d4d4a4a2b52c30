import type { SimEvent } from "../state.ts";
import { rfc3339Nano } from "./signature.ts";
import { type Subscription, subscriptionJson } from "./subscriptions.ts";

export type MessageType = "notification" | "webhook_callback_verification" | "revocation";

/** The `event` object Twitch sends for a world event (stream.online v1, stream.offline v1, channel.update v2). */
export function eventPayload(event: SimEvent): Record<string, unknown> {
  const { user, info } = event.channel;
  const broadcaster = {
    broadcaster_user_id: user.id,
    broadcaster_user_login: user.login,
    broadcaster_user_name: user.display_name,
  };
  switch (event.type) {
    case "stream.online":
      // The id is the stream id: the same one Helix /streams and the playback token show.
      return {
        id: event.session.stream_id,
        ...broadcaster,
        type: "live",
        started_at: rfc3339Nano(event.session.started_at),
      };
    case "stream.offline":
      return broadcaster;
    case "channel.update":
      return {
        ...broadcaster,
        title: info.title,
        language: info.language,
        category_id: info.category_id,
        category_name: info.category_name,
        // The simulator does not model content classification; Twitch sends [] for unlabelled channels.
        content_classification_labels: [],
      };
  }
}

/** The JSON body of each message type; the subscription is shown as it is when the message is made. */
export function notificationBody(sub: Subscription, event: Record<string, unknown>): string {
  return JSON.stringify({ subscription: subscriptionJson(sub), event });
}

export function verificationBody(sub: Subscription, challenge: string): string {
  return JSON.stringify({ challenge, subscription: subscriptionJson(sub) });
}

export function revocationBody(sub: Subscription): string {
  return JSON.stringify({ subscription: subscriptionJson(sub) });
}
