// The recording webhook's delivery log and test sends, as the owner reads them.

import { isHttpUrl } from "@/lib/http-url";

export {
  canRetry,
  DELIVERY_OUTCOMES,
  type DeliveryOutcome,
  outcomeTone,
  type TestResult,
  testResultMessage,
} from "@/lib/delivery-outcome";

export const WEBHOOK_EVENTS = ["recording.completed", "recording.failed"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface WebhookForm {
  enabled: boolean;
  url: string;
  events: WebhookEvent[];
}

/** The form as saved: the server reads no events as "every event", so that shows as every box ticked. */
export function initialWebhookForm(config: {
  enabled: boolean;
  url: string | null;
  events: readonly WebhookEvent[];
}): WebhookForm {
  return {
    enabled: config.enabled,
    url: config.url ?? "",
    events: config.events.length === 0 ? [...WEBHOOK_EVENTS] : [...config.events],
  };
}

/** Ticks or unticks one event, keeping the others. */
export function toggleEvent(
  events: readonly WebhookEvent[],
  event: WebhookEvent,
  on: boolean,
): WebhookEvent[] {
  return on ? [...events.filter((x) => x !== event), event] : events.filter((x) => x !== event);
}

export type WebhookFormErrors = Partial<Record<"url" | "events", "required" | "invalid" | "noEvents">>;

/**
 * The form → `recordingWebhook.updateConfig` input, or each field's error. The server reads an empty event
 * list as "every event", so the form asks for at least one while the webhook is on; https for public hosts
 * and the address rules are the server's to check.
 */
export function buildWebhookInput(
  form: WebhookForm,
):
  | { ok: true; input: { enabled: boolean; url: string | null; events: WebhookEvent[] } }
  | { ok: false; errors: WebhookFormErrors } {
  const url = form.url.trim();
  const errors: WebhookFormErrors = {};
  if (url !== "" && !isHttpUrl(url)) errors.url = "invalid";
  else if (form.enabled && url === "") errors.url = "required";
  if (form.enabled && form.events.length === 0) errors.events = "noEvents";
  if (errors.url || errors.events) return { ok: false, errors };
  const events = WEBHOOK_EVENTS.filter((e) => form.events.includes(e));
  return { ok: true, input: { enabled: form.enabled, url: url === "" ? null : url, events } };
}

/** Shown masked until asked: the last four characters, enough to tell two secrets apart. */
export function maskSecret(secret: string): string {
  return secret.length <= 4 ? "••••" : `••••••••${secret.slice(-4)}`;
}
