import type { DeliveryEvent } from "../domain/webhooks.ts";
import { type SendResult, signedHeaders } from "./messages.ts";
import { webhookUrlProblem } from "./url-rules.ts";

/** A receiver gets this long to answer. */
export const SEND_TIMEOUT_MS = 10_000;

export interface SignedMessage {
  url: string;
  secret: string;
  messageId: string;
  event: DeliveryEvent;
  body: string;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * POSTs one signed message and reports what came back. Redirects are never followed (the answer is
 * returned as is). The URL rules are checked again here: a URL saved before a rule tightened, or edited in
 * the database, still cannot reach a public host over http.
 */
export async function sendSigned(
  message: SignedMessage,
  options: { timeoutMs?: number; signal?: AbortSignal; fetch?: FetchLike } = {},
): Promise<SendResult> {
  const problem = webhookUrlProblem(message.url);
  if (problem) return { status: null, error: `the webhook URL ${problem}` };
  const timeout = AbortSignal.timeout(options.timeoutMs ?? SEND_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  try {
    const res = await (options.fetch ?? fetch)(message.url, {
      method: "POST",
      headers: signedHeaders(message.secret, message.messageId, message.event, message.body),
      body: message.body,
      redirect: "manual",
      signal,
    });
    // The receiver's answer body is not used; drain it so the connection can be reused.
    await res.arrayBuffer().catch(() => {});
    return { status: res.status, location: res.headers.get("location") };
  } catch (err) {
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
