// The signature itself is shared with the webhook receiver.
export { signatureMatches, signMessage } from "../../twitch/eventsub-signature.ts";

/** RFC 3339 with nanoseconds, as Twitch writes EventSub times: `2026-04-12T00:05:00.123456789Z`. */
export function rfc3339Nano(epochMs: number, subMillisecondNanos = 0): string {
  const whole = Math.floor(epochMs);
  const iso = new Date(whole).toISOString(); // 2026-04-12T00:05:00.123Z
  const nanos = String(Math.trunc(subMillisecondNanos)).padStart(6, "0").slice(0, 6);
  return `${iso.slice(0, 23)}${nanos}Z`;
}
