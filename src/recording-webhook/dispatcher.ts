import type { EventBus } from "../bus/bus.ts";
import type { Repository } from "../db/repository.ts";
import { openSealed, type SecretSealer } from "../domain/secrets.ts";
import type { AttemptResult, Delivery } from "../domain/webhooks.ts";
import { OutboxWorker } from "../lib/outbox-worker.ts";
import type { Logger } from "../log/logger.ts";
import { attemptOutcome, DEFAULT_RETRY, type RetryPolicy } from "../net/delivery-outcome.ts";
import type { OutboundPolicy } from "../net/pinned-fetch.ts";
import type { RecorderEvents } from "../recorder/events.ts";
import { buildPayload, PayloadError } from "./payload.ts";
import { isUrlProblem, SEND_TIMEOUT_MS, sendSigned } from "./sender.ts";
import type { PartDownloadSigner } from "./signed-url.ts";

export interface DispatcherDeps {
  repo: Pick<Repository, "serverSettings" | "videos" | "webhookDeliveries">;
  /** Opens the stored (sealed) signing secret. */
  sealer: SecretSealer;
  signer: PartDownloadSigner;
  log: Logger;
  /** Wakes the dispatcher the moment a recording ends (its delivery was queued with the status). */
  bus?: EventBus<RecorderEvents>;
  /** Deliveries sent at once. */
  concurrency?: number;
  /** How often the outbox is looked at when nothing wakes the dispatcher. */
  pollMs?: number;
  /** A delivery `delivering` for longer than this belongs to a worker that died; it is sent again. */
  staleMs?: number;
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Where receivers may be (the allow-list); https to public addresses only when not given. */
  outbound?: OutboundPolicy;
}

/**
 * Sends the outbox of the recording webhook: claims due deliveries (at most `concurrency` in flight), builds
 * and signs each body, posts it and records the outcome (retries are rescheduled in the row itself, so a
 * restart loses nothing). It wakes when a recording ends, when nudged, at the next retry's time, and
 * otherwise every `pollMs` (the loop is `OutboxWorker`'s).
 */
export class WebhookDispatcher {
  readonly #deps: DispatcherDeps;
  readonly #worker: OutboxWorker<Delivery>;
  #origin = "";
  #unsubscribe: (() => void) | undefined;

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
    const deliveries = deps.repo.webhookDeliveries;
    this.#worker = new OutboxWorker<Delivery>({
      noun: { one: "webhook delivery", many: "webhook deliveries" },
      claimNext: () => deliveries.claimNext(),
      deliver: (delivery) => this.#deliver(delivery),
      releaseStale: (before) => deliveries.releaseStale(before),
      log: deps.log,
      concurrency: deps.concurrency,
      pollMs: deps.pollMs,
      staleMs: deps.staleMs,
    });
  }

  /** Starts sending; `origin` is where receivers download parts from (PUBLIC_BASE_URL or the server). */
  async start(origin: string): Promise<void> {
    if (this.#worker.running) return;
    this.#origin = origin;
    await this.#worker.start();
    await this.#warnIfUnreachable(origin);
    this.#unsubscribe = this.#deps.bus?.on("recording.finished", () => this.nudge());
  }

  /** Looks at the outbox now (a delivery was queued or requeued). */
  nudge(): void {
    this.#worker.nudge();
  }

  /**
   * Stops claiming and waits up to `budgetMs` for the deliveries in flight; past it they are interrupted
   * and put back for the next start. Resolves true when everything finished in time.
   */
  drain(budgetMs: number): Promise<boolean> {
    this.#unsubscribe?.();
    return this.#worker.drain(budgetMs);
  }

  /** Sends one claimed delivery; resolves to when it is due again, when it is to be retried. */
  async #deliver(delivery: Delivery): Promise<number | null> {
    const { repo, log } = this.#deps;
    const result = await this.#attempt(delivery);
    await repo.webhookDeliveries.recordAttempt(delivery.id, result);
    const fields = {
      delivery_id: delivery.id,
      event: delivery.event,
      video_id: delivery.video_id,
      attempt: delivery.attempts,
      status: result.status,
    };
    if (result.outcome === "delivered") log.info(fields, "recording webhook delivered");
    else if (result.outcome === "retry") {
      log.warn(
        { ...fields, error: result.error, next_attempt_at: result.next_attempt_at },
        "recording webhook will be retried",
      );
      return Date.parse(result.next_attempt_at);
    } else log.warn({ ...fields, error: result.error }, `recording webhook ${result.outcome}`);
    return null;
  }

  /** One attempt at a claimed delivery (attempts already counts it). */
  async #attempt(delivery: Delivery): Promise<AttemptResult> {
    const { repo } = this.#deps;
    const settings = await repo.serverSettings.get();
    const url = settings.recording_webhook_url;
    const stored = settings.recording_webhook_secret;
    const secret = stored && openSealed(this.#deps.sealer, stored);
    // Test messages go out whether or not the webhook is on; recording events only while it is.
    if ((!delivery.test && !settings.recording_webhook_enabled) || !url || !secret) {
      return {
        outcome: "failed",
        status: null,
        error: "the recording webhook is off or has no URL or secret",
      };
    }
    let body: string;
    try {
      const built = await buildPayload(delivery, { repo, signer: this.#deps.signer, origin: this.#origin });
      if (built.freeze) await repo.webhookDeliveries.freezeParts(delivery.id, built.freeze);
      body = JSON.stringify(built.payload);
    } catch (err) {
      if (err instanceof PayloadError) return { outcome: "failed", status: null, error: err.message };
      throw err;
    }
    const sent = await sendSigned(
      { url, secret, messageId: delivery.message_id, event: delivery.event, body },
      {
        timeoutMs: this.#deps.timeoutMs ?? SEND_TIMEOUT_MS,
        signal: this.#worker.signal,
        outbound: this.#deps.outbound,
      },
    );
    if (isUrlProblem(sent)) {
      const cause = "cause" in sent ? sent.cause : undefined;
      this.#deps.log.warn({ delivery_id: delivery.id, cause }, "recording webhook destination refused");
      return { outcome: "failed", status: null, error: (sent as { error: string }).error };
    }
    if ("cause" in sent && sent.cause) {
      this.#deps.log.warn(
        { delivery_id: delivery.id, cause: sent.cause },
        "recording webhook receiver unreachable",
      );
    }
    if (this.#worker.signal.aborted && sent.status === null) {
      // Cut short by shutdown, not the receiver's fault: sent again at the next start.
      return { outcome: "retry", status: null, error: sent.error, next_attempt_at: new Date().toISOString() };
    }
    return attemptOutcome(sent, delivery.attempts, this.#deps.retry ?? DEFAULT_RETRY, Date.now());
  }

  /** Download links on localhost only work for a receiver on this machine: say how to fix it. */
  async #warnIfUnreachable(origin: string): Promise<void> {
    const host = new URL(origin).hostname;
    const loopback = host === "localhost" || host.startsWith("127.") || host === "[::1]";
    if (!loopback) return;
    const settings = await this.#deps.repo.serverSettings.get().catch(() => null);
    if (settings?.recording_webhook_enabled) {
      this.#deps.log.warn(
        { origin },
        "recording webhook download links point at this machine only: set PUBLIC_BASE_URL for receivers elsewhere",
      );
    }
  }
}
