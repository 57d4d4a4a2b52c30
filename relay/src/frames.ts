/** Relay → subscriber: one EventSub delivery, exactly as Twitch sent it (headers lowercased, body base64). */
export interface EventFrame {
  id: string;
  /** Position in the token's buffer; 0 for verification challenges, which are never buffered. */
  cursor: number;
  ts: number;
  headers: Record<string, string>;
  body: string;
  requires_response: boolean;
}

/** Subscriber → relay: what the local receiver answered to frame `id`. */
export interface DispatchResult {
  type: "dispatch_result";
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A dispatch_result, or null for anything else (ignored: the relay never trusts the shape blindly). */
export function parseDispatchResult(message: string | ArrayBuffer): DispatchResult | null {
  let value: unknown;
  try {
    value = JSON.parse(typeof message === "string" ? message : new TextDecoder().decode(message));
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.type !== "dispatch_result" || typeof v.id !== "string" || v.id === "") return null;
  const headers =
    typeof v.headers === "object" && v.headers !== null && !Array.isArray(v.headers)
      ? Object.fromEntries(
          Object.entries(v.headers as Record<string, unknown>).filter(
            (e): e is [string, string] => typeof e[1] === "string",
          ),
        )
      : undefined;
  return {
    type: "dispatch_result",
    id: v.id,
    status: typeof v.status === "number" ? v.status : Number.NaN,
    headers,
    body: typeof v.body === "string" ? v.body : undefined,
  };
}

const HOP_HEADERS = new Set(["connection", "content-length", "transfer-encoding", "upgrade", "keep-alive"]);
const NO_BODY = new Set([204, 205, 304]);

/** The HTTP answer Twitch gets for a verification challenge, built from the subscriber's result. */
export function responseFromResult(result: DispatchResult): Response {
  const valid = Number.isInteger(result.status) && result.status >= 200 && result.status <= 599;
  const status = valid ? result.status : 502;
  const body = result.body ? fromBase64(result.body) : new Uint8Array(0);
  if (body === null) return text("invalid relay dispatch response\n", 502);
  const headers = new Headers();
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (HOP_HEADERS.has(name.toLowerCase())) continue;
    try {
      headers.set(name, value);
    } catch {
      // An invalid header name or value from the subscriber is dropped, not fatal.
    }
  }
  return new Response(NO_BODY.has(status) ? null : body, { status, headers });
}

export function text(body: string, status = 200): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function fromBase64(value: string): Uint8Array | null {
  try {
    const binary = atob(value);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}
