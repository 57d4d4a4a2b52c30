import { type Clock, systemClock } from "../lib/clock.ts";

/**
 * Fetches one HLS segment with retry budgets per kind of failure, the way a CDN actually fails:
 * network errors and short bodies, 5xx/429 (honouring Retry-After), 404/410 while the CDN lags behind the
 * playlist, and auth errors (403/401: the playback token expired; retrying the same URL is pointless).
 * A body deadline abandons a body that stops flowing (or crawls).
 */

export interface RetryBudgets {
  network: number;
  server: number;
  cdnLag: number;
}

export const DEFAULT_BUDGETS: RetryBudgets = { network: 5, server: 5, cdnLag: 3 };

export type SegmentFailure = "auth" | "exhausted" | "permanent" | "aborted";

export class SegmentFetchError extends Error {
  override name = "SegmentFetchError";
  constructor(
    readonly kind: SegmentFailure,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export interface FetchSegmentOptions {
  budgets?: RetryBudgets;
  /** A body with no new bytes for this long is abandoned (and retried as a network error). */
  stallMs?: number;
  /** Time until response headers. */
  headersTimeoutMs?: number;
  /** Spacing of retries after a 404 (the CDN is a moment behind the playlist): half a target duration. */
  cdnLagDelayMs?: number;
  /** Base of the exponential backoff for network and server errors. */
  backoffMs?: number;
  maxBackoffMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /**
   * Why a body that arrived whole as HTTP goes is still not the whole segment (the media says so), or
   * null: such a body is fetched again, like one cut short.
   */
  incomplete?: (bytes: Uint8Array) => string | null;
  /** Called before each retry, for logs and counters. */
  onRetry?: (reason: string, attempt: number) => void;
  /** The real clock unless a test moves time by hand (backoff waits and deadlines). */
  clock?: Clock;
}

export async function fetchSegment(url: string, options: FetchSegmentOptions = {}): Promise<Uint8Array> {
  const budgets = { ...(options.budgets ?? DEFAULT_BUDGETS) };
  const doFetch = options.fetch ?? fetch;
  const backoff = options.backoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const clock = options.clock ?? systemClock;
  let attempt = 0;

  for (;;) {
    if (options.signal?.aborted) throw new SegmentFetchError("aborted", "recording stopped");
    attempt++;
    let wait = 0;
    let reason: string;
    try {
      const body = await fetchOnce(url, doFetch, options, clock);
      if (body.kind === "ok") return body.bytes;
      reason = body.reason;
      if (body.kind === "auth")
        throw new SegmentFetchError("auth", `segment refused (${body.status}): token expired?`, body.status);
      if (body.kind === "permanent")
        throw new SegmentFetchError("permanent", `segment answered ${body.status}`, body.status);
      if (body.kind === "server") {
        if (--budgets.server < 0)
          throw new SegmentFetchError("exhausted", `segment kept failing: ${reason}`, body.status);
        wait = body.retryAfterMs ?? jitter(backoff, attempt, maxBackoff);
      } else if (body.kind === "lag") {
        if (--budgets.cdnLag < 0)
          throw new SegmentFetchError("exhausted", `segment never appeared: ${reason}`, body.status);
        wait = options.cdnLagDelayMs ?? 1000;
      } else {
        if (--budgets.network < 0)
          throw new SegmentFetchError("exhausted", `segment kept failing: ${reason}`);
        wait = jitter(backoff, attempt, maxBackoff);
      }
    } catch (err) {
      if (err instanceof SegmentFetchError) throw err;
      if (options.signal?.aborted) throw new SegmentFetchError("aborted", "recording stopped");
      reason = (err as Error).message;
      if (--budgets.network < 0) throw new SegmentFetchError("exhausted", `segment kept failing: ${reason}`);
      wait = jitter(backoff, attempt, maxBackoff);
    }
    options.onRetry?.(reason, attempt);
    await clock.sleep(wait, options.signal);
  }
}

type Outcome =
  | { kind: "ok"; bytes: Uint8Array }
  | { kind: "auth" | "permanent" | "lag"; status: number; reason: string }
  | { kind: "server"; status: number; reason: string; retryAfterMs: number | null }
  | { kind: "network"; reason: string };

async function fetchOnce(
  url: string,
  doFetch: typeof fetch,
  options: FetchSegmentOptions,
  clock: Clock,
): Promise<Outcome> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort);
  const clearHeadersTimer = clock.timeout(options.headersTimeoutMs ?? 15_000, () => controller.abort());
  try {
    const res = await doFetch(url, { signal: controller.signal });
    clearHeadersTimer();
    const status = res.status;
    if (status === 401 || status === 403) return { kind: "auth", status, reason: `${status}` };
    if (status === 404 || status === 410) return { kind: "lag", status, reason: `${status}` };
    if (status === 429 || status >= 500) {
      return {
        kind: "server",
        status,
        reason: `${status}`,
        retryAfterMs: retryAfter(res.headers.get("Retry-After"), clock.now()),
      };
    }
    if (status !== 200) return { kind: "permanent", status, reason: `${status}` };
    const expected = Number(res.headers.get("Content-Length") ?? Number.NaN);
    const bytes = await readWithWatchdog(res, controller, options.stallMs ?? 30_000, clock);
    if (!Number.isNaN(expected) && bytes.length !== expected) {
      return { kind: "network", reason: `short body: ${bytes.length} of ${expected} bytes` };
    }
    if (bytes.length === 0) return { kind: "network", reason: "empty body" };
    const incomplete = options.incomplete?.(bytes);
    if (incomplete) return { kind: "network", reason: `short body: ${incomplete}` };
    return { kind: "ok", bytes };
  } catch (err) {
    return {
      kind: "network",
      reason: controller.signal.aborted ? "timed out or stalled" : (err as Error).message,
    };
  } finally {
    clearHeadersTimer();
    options.signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * The whole body, natively (one buffer, no per-chunk JavaScript): a body not complete within `stallMs` is
 * abandoned. A live segment holds seconds of media, so one that takes this long is no use anyway.
 */
async function readWithWatchdog(
  res: Response,
  controller: AbortController,
  stallMs: number,
  clock: Clock,
): Promise<Uint8Array> {
  const clear = clock.timeout(stallMs, () => controller.abort());
  try {
    return await res.bytes();
  } finally {
    clear();
  }
}

/** Retry-After in seconds or as an HTTP date, capped at a minute. */
export function retryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 60_000) : null;
}

/** Full-jitter exponential backoff. */
function jitter(base: number, attempt: number, cap: number): number {
  return Math.random() * Math.min(cap, base * 2 ** (attempt - 1));
}
