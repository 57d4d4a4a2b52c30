import { createHmac, timingSafeEqual } from "node:crypto";
import type { z } from "zod";

/**
 * Opaque, tamper-proof URL parts, like Twitch's `/v1/playlist/<b64url>.m3u8`: a small JSON payload and a
 * truncated HMAC, base64url-encoded. Playlist and segment URLs carry what the server needs (stream,
 * rendition, playback session, token expiry) so it keeps no per-viewer state, and a client cannot extend
 * an expiry by editing the URL.
 */

const MAC_LENGTH = 16;

function mac(secret: Uint8Array, text: string): string {
  return createHmac("sha256", secret).update(text).digest("base64url").slice(0, MAC_LENGTH);
}

export function seal(secret: Uint8Array, payload: unknown): string {
  const text = JSON.stringify(payload);
  return Buffer.from(`${mac(secret, text)}${text}`).toString("base64url");
}

/** The payload if the blob is intact and matches the schema, else null. */
export function unseal<T>(secret: Uint8Array, blob: string, schema: z.ZodType<T>): T | null {
  if (!/^[A-Za-z0-9_-]+$/.test(blob)) return null;
  const raw = Buffer.from(blob, "base64url").toString();
  const given = raw.slice(0, MAC_LENGTH);
  const text = raw.slice(MAC_LENGTH);
  const expected = mac(secret, text);
  if (given.length !== MAC_LENGTH || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
