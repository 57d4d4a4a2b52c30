import { DestinationRefused, type OutboundPolicy, pinnedFetch } from "./pinned-fetch.ts";

/** What a POST came back with: an HTTP status, or no answer at all (refused, reset, timed out). */
export type SendResult =
  | {
      status: number;
      location?: string | null;
      /** Retry-After as given (seconds or an HTTP date), for a 429 or 503. */
      retryAfter?: string | null;
      /** The start of the answer's body, for an error the owner can act on (what the service said). */
      detail?: string;
    }
  /**
   * `refused`: the URL's destination is not allowed (the owner fixes the URL, retrying is pointless);
   * `cause`: what the network said (refused, unknown host, timed out), for the server log only.
   */
  | { status: null; error: string; refused?: boolean; cause?: string };

/** What the owner is told when the receiver could not be reached, whatever the network said. */
export const UNREACHABLE = "the receiver could not be reached (the server log says why)";

export interface PostOptions {
  timeoutMs: number;
  /** Shutdown: the send is cut short (reported as "interrupted by shutdown"). */
  signal?: AbortSignal;
  outbound: OutboundPolicy;
  /** Names the URL in a refusal, e.g. "the webhook URL" → "the webhook URL points at 10.0.0.5, …". */
  label: string;
  /** Read up to this many characters of a non-2xx answer into `detail` (0: none). */
  detailChars?: number;
}

/**
 * POSTs to a URL someone typed, through the outbound policy (`pinnedFetch`), and reports what came back.
 * Redirects are never followed (the answer is returned as is: following one would post the body somewhere
 * the owner never approved).
 */
export async function postOutbound(
  url: string,
  request: { headers: Record<string, string>; body: string },
  options: PostOptions,
): Promise<SendResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  try {
    const init = { method: "POST", ...request, redirect: "manual", signal } as const;
    const res = await pinnedFetch(url.trim(), init, options.outbound);
    const ok = res.status >= 200 && res.status < 300;
    const detail = !ok && options.detailChars ? await answerText(res, options.detailChars) : undefined;
    // Otherwise the body is not used; drained so the connection can be reused.
    if (detail === undefined) await res.arrayBuffer().catch(() => {});
    return {
      status: res.status,
      location: res.headers.get("location"),
      retryAfter: res.headers.get("retry-after"),
      ...(detail ? { detail } : {}),
    };
  } catch (err) {
    // A refused destination is the URL's problem, told to the owner; what the name resolved to goes to the log.
    if (err instanceof DestinationRefused)
      return { status: null, error: `${options.label} ${err.message}`, refused: true, cause: err.detail };
    if (options.signal?.aborted && !timeout.aborted)
      return { status: null, error: "interrupted by shutdown" };
    // One answer for every network-level failure: refused, unknown host, reset and timed out would
    // otherwise tell whoever sets the URL what answers where on the server's network. The log has which.
    const cause = timeout.aborted ? `no answer within ${options.timeoutMs} ms` : describeNetworkError(err);
    return { status: null, error: UNREACHABLE, cause };
  }
}

/** The answer's text, on one line and cut to `max` characters ("" when unreadable). */
async function answerText(res: Response, max: number): Promise<string> {
  const text = await res.text().catch(() => "");
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

function describeNetworkError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ? `${e.code}: ${e.message ?? "network error"}` : (e.message ?? String(err));
}

/**
 * Retry-After in milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when
 * absent or unreadable.
 */
export function retryAfterMs(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its day and month; anything else Date.parse would guess at (a bare "-5" is a year).
  const at = /[a-z]{3}/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
