// How an install's credentials derive from the deployment secret. Plain JavaScript on WebCrypto, so the
// Worker (src/credentials.ts) and `node scripts/credentials.mjs` (Node 20, no build step) share one copy.

const INGEST_LABEL = "replayd-relay ingest ";
const SUBSCRIBE_LABEL = "replayd-relay subscribe ";
/** 22 base64url characters: 132 bits of MAC at the end of an ingest token. */
export const TOKEN_MAC_LENGTH = 22;

/** @param {Uint8Array} bytes */
export function base64url(bytes) {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** HMAC-SHA256 of `message` under `secret`, base64url. @param {string} secret @param {string} message */
export async function mac(secret, message) {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signature = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(message));
  return base64url(new Uint8Array(signature));
}

/** The MAC an ingest token with this id ends with. @param {string} secret @param {string} id */
export async function tokenMac(secret, id) {
  return (await mac(secret, INGEST_LABEL + id)).slice(0, TOKEN_MAC_LENGTH);
}

/**
 * A new install's ingest token: an id (random unless given) followed by its MAC.
 * @param {string} secret @param {string} [id]
 */
export async function mintToken(secret, id = base64url(crypto.getRandomValues(new Uint8Array(12)))) {
  return id + (await tokenMac(secret, id));
}

/** The key that opens `token`'s subscribe WebSocket. @param {string} secret @param {string} token */
export function subscribeKey(secret, token) {
  return mac(secret, SUBSCRIBE_LABEL + token);
}
