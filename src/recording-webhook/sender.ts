import type { DeliveryEvent } from "../domain/webhooks.ts";
import { emptyAllowList } from "../net/outbound.ts";
import type { OutboundPolicy } from "../net/pinned-fetch.ts";
import { postOutbound, type SendResult } from "../net/post.ts";
import { signedHeaders } from "./messages.ts";
import { WEBHOOK_ALLOW_SETTING, webhookUrlProblem } from "./url-rules.ts";

export { UNREACHABLE } from "../net/post.ts";

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
  if (problem) return { status: null, error: `the webhook URL ${problem}`, refused: true };
  return postOutbound(
    message.url,
    {
      headers: signedHeaders(message.secret, message.messageId, message.event, message.body),
      body: message.body,
    },
    {
      timeoutMs: options.timeoutMs ?? SEND_TIMEOUT_MS,
      signal: options.signal,
      outbound,
      label: "the webhook URL",
    },
  );
}

/** Whether a URL problem (not the receiver) made the send fail: no point retrying it. */
export function isUrlProblem(result: SendResult): boolean {
  return result.status === null && result.refused === true;
}
