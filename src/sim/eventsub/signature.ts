import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * EventSub's message signature: `sha256=` + hex HMAC-SHA256(secret, message id + timestamp + raw body).
 * The timestamp is the exact header string sent, so a receiver that concatenates what it got verifies.
 */
export function signMessage(secret: string, messageId: string, timestamp: string, body: string): string {
  const hmac = createHmac("sha256", secret).update(messageId).update(timestamp).update(body);
  return `sha256=${hmac.digest("hex")}`;
}

/** What a receiver does: recompute and compare in constant time. */
export function signatureMatches(
  secret: string,
  messageId: string,
  timestamp: string,
  body: string,
  signature: string,
): boolean {
  const expected = Buffer.from(signMessage(secret, messageId, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** RFC 3339 with nanoseconds, as Twitch writes EventSub times: `2026-04-12T00:05:00.123456789Z`. */
export function rfc3339Nano(epochMs: number, subMillisecondNanos = 0): string {
  const whole = Math.floor(epochMs);
  const iso = new Date(whole).toISOString(); // 2026-04-12T00:05:00.123Z
  const nanos = String(Math.trunc(subMillisecondNanos)).padStart(6, "0").slice(0, 6);
  return `${iso.slice(0, 23)}${nanos}Z`;
}
