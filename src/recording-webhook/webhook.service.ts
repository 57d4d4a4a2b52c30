import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Repository } from "../db/repository.ts";
import { InvalidInputError } from "../domain/errors.ts";
import { RECORDING_WEBHOOK_EVENTS, type RecordingWebhookEvent } from "../domain/ops.ts";
import { openSealed, type SecretSealer } from "../domain/secrets.ts";
import type { Delivery, DeliveryStatus } from "../domain/webhooks.ts";
import type { Logger } from "../log/logger.ts";
import { attemptOutcome, SINGLE_ATTEMPT } from "../net/delivery-outcome.ts";
import type { OutboundPolicy } from "../net/pinned-fetch.ts";
import { randomMessageId } from "./messages.ts";
import { testPayload } from "./payload.ts";
import { DEFAULT_OUTBOUND, SEND_TIMEOUT_MS, sendSigned } from "./sender.ts";
import { webhookUrlProblem, webhookUrlSchema } from "./url-rules.ts";

/** What the owner sees and edits (the secret is shown to them in clear, to configure the receiver). */
export interface WebhookConfig {
  enabled: boolean;
  url: string | null;
  secret: string | null;
  /** Empty: every event. */
  events: RecordingWebhookEvent[];
}

/** `recordingWebhook.updateConfig`'s input; omitted fields keep their value, `url: null` clears it. */
export const webhookConfigInput = z.object({
  enabled: z.boolean(),
  url: webhookUrlSchema.nullable().optional(),
  events: z.array(z.enum(RECORDING_WEBHOOK_EVENTS)).optional(),
});
export type WebhookConfigInput = z.infer<typeof webhookConfigInput>;

export interface TestDeliveryResult {
  ok: boolean;
  /** The receiver's HTTP status; null when it did not answer. */
  status: number | null;
  error?: string;
}

/** One row of the delivery log. */
export interface DeliveryView {
  id: number;
  time: string;
  event: Delivery["event"];
  video_id: number | null;
  outcome: DeliveryStatus;
  status: number | null;
  attempts: number;
  error?: string;
  test: boolean;
  message_id: string;
}

export interface WebhookServiceDeps {
  repo: Pick<Repository, "serverSettings" | "webhookDeliveries">;
  /** The secret is stored sealed; the owner sees it open. */
  sealer: SecretSealer;
  /** Told when a delivery is requeued, so it goes out now rather than at the next poll. */
  nudge?: () => void;
  log: Logger;
  timeoutMs?: number;
  /** Where receivers may be (the allow-list); https to public addresses only when not given. */
  outbound?: OutboundPolicy;
}

/** How many deliveries the log shows. */
export const DELIVERY_LOG_SIZE = 50;

/** The recording webhook as the API manages it: its settings, a test message, the delivery log. */
export class RecordingWebhookService {
  constructor(private readonly deps: WebhookServiceDeps) {}

  async config(): Promise<WebhookConfig> {
    const s = await this.deps.repo.serverSettings.get();
    return {
      enabled: s.recording_webhook_enabled,
      url: s.recording_webhook_url,
      secret: s.recording_webhook_secret && openSealed(this.deps.sealer, s.recording_webhook_secret),
      events: s.recording_webhook_events,
    };
  }

  /**
   * Saves the settings; they apply to recordings that end from now on. Turning it on needs a URL and at
   * least one event, and makes a secret the first time. @throws InvalidInputError naming the field
   */
  async updateConfig(raw: unknown): Promise<WebhookConfig> {
    const parsed = webhookConfigInput.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join(".") || "input";
      const message = issue?.message ?? "invalid";
      throw new InvalidInputError(message.startsWith(`${field} `) ? message : `${field}: ${message}`);
    }
    const input = parsed.data;
    const current = await this.config();
    const url = input.url === undefined ? current.url : input.url;
    const events = input.events ?? current.events;
    // A URL given now, or the one the webhook is turned on with, is checked against the allow-list.
    if (url && (input.url !== undefined || input.enabled)) {
      const problem = webhookUrlProblem(url, (this.deps.outbound ?? DEFAULT_OUTBOUND).allow);
      if (problem) throw new InvalidInputError(`url ${problem}`);
    }
    if (input.enabled) {
      if (!url) throw new InvalidInputError("url: give the receiver's address to turn the webhook on");
      if (input.events && input.events.length === 0) {
        throw new InvalidInputError("events: choose recording.completed, recording.failed or both");
      }
    }
    await this.deps.repo.serverSettings.update({
      recording_webhook_enabled: input.enabled,
      recording_webhook_url: url,
      recording_webhook_events: [...new Set(events)],
      ...(input.enabled && !current.secret
        ? { recording_webhook_secret: this.deps.sealer.seal(newSecret()) }
        : {}),
    });
    return this.config();
  }

  /** A new signing secret; receivers must be given it (messages signed with the old one stop verifying). */
  async regenerateSecret(): Promise<WebhookConfig> {
    await this.deps.repo.serverSettings.update({
      recording_webhook_secret: this.deps.sealer.seal(newSecret()),
    });
    return this.config();
  }

  /**
   * Sends a signed `recording.test` message now and answers with what the receiver said; recorded in the
   * delivery log. Works while the webhook is off, so it can be checked before turning it on.
   * @throws InvalidInputError when no URL is saved
   */
  async testDelivery(): Promise<TestDeliveryResult> {
    const { repo } = this.deps;
    const current = await this.config();
    if (!current.url) throw new InvalidInputError("url: save the receiver's address before testing it");
    const secret = current.secret ?? (await this.regenerateSecret()).secret ?? "";
    const messageId = randomMessageId();
    // Stored as an attempt in progress, out of the dispatcher's reach (it is being sent right here); if
    // this process dies mid-send, the stale-delivery sweep hands it back to the dispatcher.
    const queued = await repo.webhookDeliveries.enqueue({
      message_id: messageId,
      dedupe_key: `recording.test:${messageId}`,
      event: "recording.test",
      video_id: null,
      test: true,
      sending_now: true,
    });
    const sent = await sendSigned(
      { url: current.url, secret, messageId, event: "recording.test", body: JSON.stringify(testPayload()) },
      { timeoutMs: this.deps.timeoutMs ?? SEND_TIMEOUT_MS, outbound: this.deps.outbound },
    );
    // A test is tried once: a transient failure is reported, not retried.
    const outcome = attemptOutcome(sent, 1, SINGLE_ATTEMPT, Date.now());
    if (queued) await repo.webhookDeliveries.recordAttempt(queued.id, outcome);
    this.deps.log.info(
      { status: sent.status, outcome: outcome.outcome, ...("cause" in sent ? { cause: sent.cause } : {}) },
      "recording webhook test sent",
    );
    return outcome.outcome === "delivered"
      ? { ok: true, status: outcome.status }
      : { ok: false, status: outcome.status, error: outcome.error };
  }

  /** The latest deliveries, newest first. */
  async deliveries(): Promise<DeliveryView[]> {
    return (await this.deps.repo.webhookDeliveries.listRecent(DELIVERY_LOG_SIZE)).map(deliveryView);
  }

  /** Queues a rejected or failed delivery again, at once. @throws NotFoundError, ConflictError */
  async retryDelivery(id: number): Promise<DeliveryView> {
    const queued = await this.deps.repo.webhookDeliveries.retry(id);
    this.deps.nudge?.();
    return deliveryView(queued);
  }
}

function newSecret(): string {
  return randomBytes(32).toString("hex");
}

function deliveryView(d: Delivery): DeliveryView {
  return {
    id: d.id,
    time: d.last_attempt_at ?? d.created_at,
    event: d.event,
    video_id: d.video_id,
    outcome: d.status,
    status: d.last_status,
    attempts: d.attempts,
    ...(d.last_error ? { error: d.last_error } : {}),
    test: d.test,
    message_id: d.message_id,
  };
}
