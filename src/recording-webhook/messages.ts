import { randomBytes } from "node:crypto";
import type { DeliveryEvent } from "../domain/webhooks.ts";

import { signMessage } from "../twitch/eventsub-signature.ts";

/** A fresh id for a test message (tests are not deduplicated). */
export function randomMessageId(): string {
  return randomBytes(16).toString("hex");
}

/** The protocol version (the body's `version`), not the release: receivers may switch on it. */
export const USER_AGENT = "Replayd-Webhook/1";

/**
 * The headers of one signed message; the signature covers id, timestamp and the exact body bytes. Also
 * signs the JSON notification webhook (`notification.<event>`).
 */
export function signedHeaders(
  secret: string,
  messageId: string,
  event: DeliveryEvent | `notification.${string}`,
  body: string,
  now: Date = new Date(),
): Record<string, string> {
  const timestamp = now.toISOString();
  return {
    "Content-Type": "application/json",
    "User-Agent": USER_AGENT,
    "Replayd-Webhook-Id": messageId,
    "Replayd-Webhook-Timestamp": timestamp,
    "Replayd-Webhook-Event": event,
    "Replayd-Webhook-Signature": signMessage(secret, messageId, timestamp, body),
  };
}
