import { subscribeKey, TOKEN_MAC_LENGTH, tokenMac } from "./mint.mjs";

/**
 * An install's two credentials, both derived from the deployment secret (RELAY_SECRET) by `mint.mjs`, so
 * the relay stores nothing and a made-up token is refused before any Durable Object exists for it:
 *
 * - the ingest token, in the callback URL Twitch posts to (and so in Twitch's and proxies' logs): a random
 *   id followed by a MAC of it. Knowing it lets one post events, which the server verifies anyway.
 * - the subscribe key, sent only as `Authorization: Bearer` when the server opens its WebSocket: a MAC of
 *   the token under another label. It never appears in a URL, so the ingest URL does not open the events.
 */
export { mintToken, subscribeKey } from "./mint.mjs";

const MIN_ID_LENGTH = 8;

/** Whether `token` was minted under `secret`: its tail is the MAC of its head. */
export async function isMintedToken(secret: string, token: string): Promise<boolean> {
  if (token.length < MIN_ID_LENGTH + TOKEN_MAC_LENGTH) return false;
  const id = token.slice(0, -TOKEN_MAC_LENGTH);
  return sameText(await tokenMac(secret, id), token.slice(-TOKEN_MAC_LENGTH));
}

/** Whether the `Authorization` header carries the token's subscribe key. */
export async function hasSubscribeKey(secret: string, token: string, authorization: string | null) {
  const presented = /^Bearer (\S+)$/i.exec(authorization ?? "")?.[1];
  if (!presented) return false;
  return sameText(await subscribeKey(secret, token), presented);
}

/** Constant-time comparison, so a guess cannot be refined one character at a time. */
function sameText(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  if (left.byteLength !== right.byteLength) return false;
  return crypto.subtle.timingSafeEqual(left, right);
}
