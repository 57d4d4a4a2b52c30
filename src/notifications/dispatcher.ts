import type { Repository } from "../db/repository.ts";
import type { NotificationDelivery, NotificationTargetKind } from "../domain/notifications.ts";
import type { SecretSealer } from "../domain/secrets.ts";
import type { AttemptResult } from "../domain/webhooks.ts";
import { OutboxWorker } from "../lib/outbox-worker.ts";
import type { Logger } from "../log/logger.ts";
import { attemptOutcome, type RetryPolicy, SINGLE_ATTEMPT } from "../net/delivery-outcome.ts";
import { postOutbound } from "../net/post.ts";
import type { DispatcherDeps } from "../recording-webhook/dispatcher.ts";
import { DEFAULT_OUTBOUND, SEND_TIMEOUT_MS } from "../recording-webhook/sender.ts";
import { webhookUrlProblem } from "../recording-webhook/url-rules.ts";
import { buildRequest, type OutgoingMessage, telegramRetryAfter } from "./requests.ts";
import { openConfig, scrub, secretsOf } from "./target-config.ts";
import { dataText, linkFor } from "./templates.ts";

/** Chat apps get more patience than the recording webhook: 1 s, 2 s, … about two minutes in all. */
export const NOTIFICATION_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 5 * 60_000 };

/**
 * A notification not sent within this long after its event is dropped, not sent late: "went live" hours
 * after the fact (queued by `replayd record`, or while the server was down) would mislead more than help.
 */
export const NOTIFICATION_MAX_AGE_MS = 60 * 60_000;

/** How each kind's address is named when it is refused ("the ntfy server points at 10.0.0.5, …"). */
const ADDRESS_LABEL: Record<NotificationTargetKind, string> = {
  discord: "the Discord webhook URL",
  ntfy: "the ntfy server",
  telegram: "the Telegram API address",
  gotify: "the Gotify server",
  webhook: "the webhook URL",
};

/** Sent like the recording webhook: the same loop settings, retries and outbound policy. */
export interface NotificationDispatcherDeps
  extends Pick<DispatcherDeps, "concurrency" | "pollMs" | "staleMs" | "timeoutMs" | "retry" | "outbound"> {
  repo: Pick<Repository, "notifications">;
  /** Opens the targets' sealed settings. */
  sealer: SecretSealer;
  log: Logger;
  /** Where watch links point until `start` says (PUBLIC_BASE_URL, or ""). */
  origin?: string;
  /** Default NOTIFICATION_MAX_AGE_MS; the real clock's now unless a test moves it. */
  maxAgeMs?: number;
  now?: () => number;
}

/**
 * Sends the notification outbox (the loop is `OutboxWorker`'s, as for the recording webhook): each claimed
 * delivery's target settings are opened, its request built for the target's kind and posted; the outcome
 * is stored in the row (5xx, 408, 429 and no answer retried with backoff or after Retry-After; other 4xx
 * final). Secrets never reach the log or a stored error: they are scrubbed from both.
 */
export class NotificationDispatcher {
  readonly #deps: NotificationDispatcherDeps;
  readonly #worker: OutboxWorker<NotificationDelivery>;
  #origin: string;

  constructor(deps: NotificationDispatcherDeps) {
    this.#deps = deps;
    this.#origin = deps.origin ?? "";
    const outbox = deps.repo.notifications;
    this.#worker = new OutboxWorker<NotificationDelivery>({
      noun: { one: "notification delivery", many: "notification deliveries" },
      claimNext: () => outbox.claimNext(),
      deliver: (delivery) => this.#deliver(delivery, this.#deps.retry ?? NOTIFICATION_RETRY),
      releaseStale: (before) => outbox.releaseStale(before),
      log: deps.log,
      concurrency: deps.concurrency,
      pollMs: deps.pollMs,
      staleMs: deps.staleMs,
    });
  }

  /** Where watch links point (PUBLIC_BASE_URL, or the server's own address once started). */
  get origin(): string {
    return this.#origin;
  }

  async start(origin: string): Promise<void> {
    this.#origin = origin;
    await this.#worker.start();
  }

  /** Looks at the outbox now (deliveries were queued or requeued). */
  nudge(): void {
    this.#worker.nudge();
  }

  /** Stops claiming, waits up to `budgetMs` for sends in flight, then cuts them (they go again next start). */
  drain(budgetMs: number): Promise<boolean> {
    return this.#worker.drain(budgetMs);
  }

  /**
   * Sends a delivery stored as being sent now (a test: tried once, whether the loop runs or not) and
   * resolves to its outcome, stored like any other.
   */
  sendNow(delivery: NotificationDelivery): Promise<AttemptResult> {
    return this.#worker.track(
      (async () => {
        const result = await this.#attempt(delivery, SINGLE_ATTEMPT);
        await this.#record(delivery, result);
        return result;
      })(),
    );
  }

  async #deliver(delivery: NotificationDelivery, policy: RetryPolicy): Promise<number | null> {
    // A test released by the stale sweep is still tried only once.
    const result = await this.#attempt(delivery, delivery.event === "test" ? SINGLE_ATTEMPT : policy);
    await this.#record(delivery, result);
    return result.outcome === "retry" ? Date.parse(result.next_attempt_at) : null;
  }

  async #record(delivery: NotificationDelivery, result: AttemptResult): Promise<void> {
    await this.#deps.repo.notifications.recordAttempt(delivery.id, result);
    const fields = {
      delivery_id: delivery.id,
      target_id: delivery.target_id,
      event: delivery.event,
      attempt: delivery.attempts,
      status: result.status,
    };
    const { log } = this.#deps;
    if (result.outcome === "delivered") log.info(fields, "notification delivered");
    else if (result.outcome === "retry")
      log.warn(
        { ...fields, error: result.error, next_attempt_at: result.next_attempt_at },
        "notification will be retried",
      );
    else log.warn({ ...fields, error: result.error }, `notification ${result.outcome}`);
  }

  /** One attempt at a claimed delivery (attempts already counts it). */
  async #attempt(delivery: NotificationDelivery, policy: RetryPolicy): Promise<AttemptResult> {
    const { repo } = this.#deps;
    const target = await repo.notifications.getTarget(delivery.target_id);
    const failed = (error: string): AttemptResult => ({ outcome: "failed", status: null, error });
    if (!target) return failed("the target was deleted");
    const late = (this.#deps.now ?? Date.now)() - Date.parse(delivery.created_at);
    const maxAge = this.#deps.maxAgeMs ?? NOTIFICATION_MAX_AGE_MS;
    if (delivery.event !== "test" && late > maxAge)
      return failed(
        `not sent: ${Math.round(late / 60_000)} min after its event, past the ${Math.round(maxAge / 60_000)} min a notification stays useful`,
      );
    if (!target.enabled && delivery.event !== "test") return failed("the target is turned off");
    const config = openConfig(this.#deps.sealer, target);
    if (!config) {
      return failed("the target's settings cannot be read (SESSION_SECRET changed?): save them again");
    }
    const secrets = secretsOf(config);
    const request = buildRequest(config, await this.#message(delivery), new Date());
    const outbound = this.#deps.outbound ?? DEFAULT_OUTBOUND;
    const label = ADDRESS_LABEL[config.kind];
    const problem = webhookUrlProblem(request.url, outbound.allow);
    if (problem) return failed(scrub(`${label} ${problem}`, secrets));
    let sent = await postOutbound(request.url, request, {
      timeoutMs: this.#deps.timeoutMs ?? SEND_TIMEOUT_MS,
      signal: this.#worker.signal,
      outbound,
      label,
      detailChars: 300,
    });
    if (config.kind === "telegram" && sent.status === 429 && !sent.retryAfter)
      sent = { ...sent, retryAfter: telegramRetryAfter(sent.detail) };
    if (sent.status === null && sent.cause) {
      const cause = scrub(sent.cause, secrets);
      this.#deps.log.warn({ delivery_id: delivery.id, kind: config.kind, cause }, "notification not sent");
    }
    if (sent.status === null && sent.refused) return failed(scrub(sent.error, secrets));
    if (this.#worker.signal.aborted && sent.status === null) {
      // Cut short by shutdown, not the receiver's fault: sent again at the next start.
      return { outcome: "retry", status: null, error: sent.error, next_attempt_at: new Date().toISOString() };
    }
    const outcome = attemptOutcome(sent, delivery.attempts, policy, Date.now());
    return "error" in outcome ? { ...outcome, error: scrub(outcome.error, secrets) } : outcome;
  }

  /** The stored title and body, with what the event-log entry adds (its link, time and data). */
  async #message(delivery: NotificationDelivery): Promise<OutgoingMessage> {
    const entry =
      delivery.event_log_id === null
        ? null
        : await this.#deps.repo.notifications.sourceEntry(delivery.event_log_id);
    const data = entry?.data ?? {};
    return {
      event: delivery.event,
      title: delivery.title,
      body: delivery.body,
      url: linkFor(this.#origin, dataText(data, "video_id"), dataText(data, "broadcaster_login")),
      at: entry?.created_at ?? delivery.created_at,
      data,
      dedupeKey: delivery.dedupe_key,
    };
  }
}
