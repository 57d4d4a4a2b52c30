import type { RelayEnv } from "./env.ts";
import { MAX_BODY_BYTES } from "./env.ts";
import { text, toBase64 } from "./frames.ts";
import { checkToken } from "./validate.ts";

export { RelayBuffer } from "./buffer.ts";

/** A token names one buffer; its format is checked before anything else touches it. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * The relay's front door: `POST /u/{token}` (Twitch delivers here), `GET /u/{token}/subscribe` (the
 * replayd server's WebSocket), `/health`. Everything else is 404: it is not a general tunnel.
 */
export default {
  async fetch(request: Request, env: RelayEnv): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/" && request.method === "GET") return text("replayd relay\n");
    if (url.pathname === "/health" && request.method === "GET") return text("ok\n");
    const match = /^\/u\/([^/]+)(\/subscribe)?$/.exec(url.pathname);
    if (!match) return text("not found\n", 404);
    const token = match[1] as string;
    const subscribe = match[2] !== undefined;

    if (subscribe) {
      if (request.method !== "GET") return text("method not allowed\n", 405);
      if ((request.headers.get("upgrade") ?? "").toLowerCase() !== "websocket") {
        return text("expected websocket upgrade\n", 426);
      }
    } else if (request.method !== "POST") {
      return text("method not allowed\n", 405);
    }
    if (!TOKEN_PATTERN.test(token)) return text("invalid token\n", 400);
    const refused = await checkToken(token, env);
    if (refused) return refused;

    const stub = env.RELAY.get(env.RELAY.idFromName(token));
    if (subscribe) return stub.fetch(request);

    const body = await readCapped(request, MAX_BODY_BYTES);
    if (body === null) return text("relay payload too large\n", 413);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    return (await stub.ingest(headers, toBase64(body))) as unknown as Response;
  },
} satisfies ExportedHandler<RelayEnv>;

/** The body, or null as soon as it is (or claims to be) larger than `limit`; the rest is never read. */
async function readCapped(request: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > limit) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
