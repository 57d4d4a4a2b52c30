import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * EventSub's message signature: `sha256=` + hex HMAC-SHA256(secret, message id + timestamp + raw body).
 * The simulator signs with it, the webhook receiver checks with it, over the exact bytes received.
 */
export function signMessage(
  secret: string,
  messageId: string,
  timestamp: string,
  body: string | Uint8Array,
): string {
  const hmac = createHmac("sha256", secret).update(messageId).update(timestamp).update(body);
  return `sha256=${hmac.digest("hex")}`;
}

/** Recomputes and compares in constant time. */
export function signatureMatches(
  secret: string,
  messageId: string,
  timestamp: string,
  body: string | Uint8Array,
  signature: string,
): boolean {
  const expected = Buffer.from(signMessage(secret, messageId, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Twitch's replay window: messages older (or further in the future) than this are refused. */
export const MAX_MESSAGE_AGE_MS = 10 * 60_000;

/** Whether an RFC 3339 timestamp is within the replay window of `now`. */
export function timestampFresh(timestamp: string, now: number): boolean {
  const at = Date.parse(timestamp);
  return Number.isFinite(at) && Math.abs(now - at) <= MAX_MESSAGE_AGE_MS;
}
