import type { DeliveryEvent } from "../domain/webhooks.ts";
import { emptyAllowList } from "../net/outbound.ts";
import { DestinationRefused, type OutboundPolicy, pinnedFetch } from "../net/pinned-fetch.ts";
import { type SendResult, signedHeaders } from "./messages.ts";
import { WEBHOOK_ALLOW_SETTING, webhookUrlProblem } from "./url-rules.ts";

/** A receiver gets this long to answer. */
export const SEND_TIMEOUT_MS = 10_000;

export interface SignedMessage {
  url: string;
  secret: string;
  messageId: string;
  event: DeliveryEvent;
  body: string;
}

/** No allow-list: https to public addresses only. */
export const DEFAULT_OUTBOUND: OutboundPolicy = { allow: emptyAllowList(WEBHOOK_ALLOW_SETTING) };

/**
 * POSTs one signed message and reports what came back. Redirects are never followed (the answer is
 * returned as is). The URL rules are checked again here, and the destination at connect time
 * (`pinnedFetch`): a URL saved before a rule tightened, edited in the database, or whose name now resolves
 * somewhere else, still reaches only what the policy allows.
 */
export async function sendSigned(
  message: SignedMessage,
  options: { timeoutMs?: number; signal?: AbortSignal; outbound?: OutboundPolicy } = {},
): Promise<SendResult> {
  const outbound = options.outbound ?? DEFAULT_OUTBOUND;
  const problem = webhookUrlProblem(message.url, outbound.allow);
  if (problem) return { status: null, error: `the webhook URL ${problem}` };
  const timeout = AbortSignal.timeout(options.timeoutMs ?? SEND_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  try {
    const init = {
      method: "POST",
      headers: signedHeaders(message.secret, message.messageId, message.event, message.body),
      body: message.body,
      redirect: "manual",
      signal,
    } as const;
    const res = await pinnedFetch(message.url.trim(), init, outbound);
    // The receiver's answer body is not used; drain it so the connection can be reused.
    await res.arrayBuffer().catch(() => {});
    return { status: res.status, location: res.headers.get("location") };
  } catch (err) {
    // A refused destination is the URL's problem, told to the owner; what the name resolved to goes to the log.
    if (err instanceof DestinationRefused)
      return { status: null, error: `the webhook URL ${err.message}`, cause: err.detail };
    if (options.signal?.aborted && !timeout.aborted)
      return { status: null, error: "interrupted by shutdown" };
    // One answer for every network-level failure: refused, unknown host, reset and timed out would
    // otherwise tell whoever sets the URL what answers where on the server's network. The log has which.
    const cause = timeout.aborted
      ? `no answer within ${options.timeoutMs ?? SEND_TIMEOUT_MS} ms`
      : describeNetworkError(err);
    return { status: null, error: UNREACHABLE, cause };
  }
}

/** What the owner is told when the receiver could not be reached, whatever the network said. */
export const UNREACHABLE = "the receiver could not be reached (the server log says why)";

function describeNetworkError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ? `${e.code}: ${e.message ?? "network error"}` : (e.message ?? String(err));
}

/** Whether a URL problem (not the receiver) made the send fail: no point retrying it. */
export function isUrlProblem(result: SendResult): boolean {
  return result.status === null && result.error.startsWith("the webhook URL ");
}
