import { VERIFIED_SUBSCRIBER_HEADER } from "./buffer.ts";
import { hasSubscribeKey, isMintedToken } from "./credentials.ts";
import { MAX_BODY_BYTES, MIN_SECRET_LENGTH, type RelayEnv } from "./env.ts";
import { text, toBase64 } from "./frames.ts";
import { checkToken } from "./validate.ts";

export { RelayBuffer } from "./buffer.ts";

/** A token names one buffer; its format is checked before anything else touches it. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * The relay's front door: `POST /u/{token}` (Twitch delivers here), `GET /u/{token}/subscribe` (the
 * replayd server's WebSocket, opened with the token's subscribe key), `/health`. Everything else is 404:
 * it is not a general tunnel.
 */
export default {
  async fetch(request: Request, env: RelayEnv): Promise<Response> {
    const url = new URL(request.url);
    const secret = env.RELAY_SECRET ?? "";
    const unconfigured =
      secret.length < MIN_SECRET_LENGTH
        ? text(
            `relay not configured: set RELAY_SECRET (${MIN_SECRET_LENGTH}+ random characters) with \`npx wrangler secret put RELAY_SECRET\`\n`,
            503,
          )
        : null;
    if (url.pathname === "/" && request.method === "GET") return text("replayd relay\n");
    if (url.pathname === "/health" && request.method === "GET") return unconfigured ?? text("ok\n");
    const match = /^\/u\/([^/]+)(\/subscribe)?$/.exec(url.pathname);
    if (!match) return text("not found\n", 404);
    const token = match[1] as string;
    const subscribe = match[2] !== undefined;
    if (request.method !== (subscribe ? "GET" : "POST")) return text("method not allowed\n", 405);
    if (unconfigured) return unconfigured;
    if (!TOKEN_PATTERN.test(token)) return text("invalid token\n", 400);
    // Only tokens minted under this deployment's secret exist: a made-up one never reaches storage.
    if (!(await isMintedToken(secret, token))) return text("unknown relay token\n", 403);

    if (subscribe) {
      // The subscribe key is checked before the upgrade, so a plain GET tells a server why it is refused.
      if (!(await hasSubscribeKey(secret, token, request.headers.get("authorization")))) {
        return new Response("subscribe key missing or wrong\n", {
          status: 401,
          headers: { "content-type": "text/plain; charset=utf-8", "www-authenticate": "Bearer" },
        });
      }
      if ((request.headers.get("upgrade") ?? "").toLowerCase() !== "websocket") {
        return text("expected websocket upgrade\n", 426);
      }
    }
    const refused = await checkToken(token, env);
    if (refused) return refused;

    const stub = env.RELAY.get(env.RELAY.idFromName(token));
    if (subscribe) {
      const headers = new Headers(request.headers);
      headers.delete("authorization");
      headers.set(VERIFIED_SUBSCRIBER_HEADER, "1");
      return stub.fetch(new Request(request.url, { headers }));
    }

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
