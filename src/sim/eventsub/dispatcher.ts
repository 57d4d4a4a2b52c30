import { z } from "zod";
import type { Logger } from "../../log/logger.ts";
import type { Faults } from "../faults.ts";
import type { Random } from "../random.ts";
import { type MessageType, notificationBody, revocationBody, verificationBody } from "./messages.ts";
import { rfc3339Nano, signMessage } from "./signature.ts";
import type { Subscription, SubscriptionStatus, SubscriptionStore } from "./subscriptions.ts";

/** How the simulator treats a slow or failing receiver; `POST /sim/eventsub/delivery` changes it. */
export const deliverySettingsSchema = z.strictObject({
  /** A receiver that has not answered after this long has failed the attempt. */
  timeout_ms: z.number().int().min(1).max(60_000),
  /** Wait before the first retry; it doubles for each further one. */
  retry_backoff_ms: z.number().int().min(0).max(600_000),
  /** Attempts per message, the first included; when all fail, the subscription is revoked. */
  max_attempts: z.number().int().min(1).max(20),
});
export type DeliverySettings = z.infer<typeof deliverySettingsSchema>;
export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  timeout_ms: 5_000,
  retry_backoff_ms: 1_000,
  max_attempts: 4,
};

/** One POST the simulator made, as GET /sim/state lists it. */
export interface DeliveryRecord {
  message_id: string;
  message_type: MessageType;
  subscription_id: string;
  subscription_type: string;
  retry: number;
  /** Real time the request was sent. */
  sent_at: string;
  /** The Twitch-Eventsub-Message-Timestamp header sent (11 minutes old under the `webhook_late` fault). */
  timestamp: string;
  signature_valid: boolean;
  duplicate: boolean;
  /** HTTP status, or why there was none. */
  outcome: number | "timeout" | "network error" | "stopped";
  /** For verifications: why the answer did not count. */
  problem?: string;
}

interface Message {
  id: string;
  type: MessageType;
  sub: Subscription;
  body: string;
}

interface Answer {
  outcome: DeliveryRecord["outcome"];
  contentType: string;
  text: string;
}

export interface DispatcherDeps {
  subscriptions: SubscriptionStore;
  faults: () => Faults;
  random: Random;
  log: Logger;
  /** Real epoch ms: message timestamps are the real time of sending, which receivers check against their clock. */
  realNow?: () => number;
}

const LATE_BY_MS = 11 * 60_000;
const RECENT_LIMIT = 200;

/**
 * Sends EventSub webhooks: verification challenges, notifications and revocations, signed with the
 * subscription's secret. At least once: a non-2xx answer, a timeout or a network error is retried with
 * the same message id; when every attempt fails, the subscription becomes `notification_failures_exceeded`
 * and a revocation is sent. Nothing here is awaited by request handlers.
 */
export class WebhookDispatcher {
  settings: DeliverySettings = { ...DEFAULT_DELIVERY_SETTINGS };
  private readonly recent: DeliveryRecord[] = [];
  private readonly stopping = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly realNow: () => number;

  constructor(private readonly deps: DispatcherDeps) {
    this.realNow = deps.realNow ?? Date.now;
  }

  /** Sends the challenge; the subscription is enabled if the receiver echoes it as text/plain with a 2xx. */
  verify(sub: Subscription): void {
    const challenge = this.deps.random.uuid();
    const message = this.message("webhook_callback_verification", sub, verificationBody(sub, challenge));
    this.track(async () => {
      if (!(await this.pause(this.deps.faults().webhook_delay_ms))) return;
      if (this.currentStatus(sub) !== "webhook_callback_verification_pending") return;
      const { outcome, problem } = await this.send(message, 0, false, (a) =>
        verificationProblem(a, challenge),
      );
      if (outcome === "stopped") return;
      const status = problem ? "webhook_callback_verification_failed" : "enabled";
      this.deps.subscriptions.setStatus(sub.id, status);
      this.deps.log.info({ subscription: sub.id, type: sub.type, status, problem }, "eventsub verification");
    });
  }

  notify(sub: Subscription, event: Record<string, unknown>): void {
    const message = this.message("notification", sub, notificationBody(sub, event));
    this.track(async () => {
      if ((await this.deliver(message)) !== "failed") return;
      this.deps.log.warn(
        { subscription: sub.id, message: message.id },
        "eventsub notification failures exceeded",
      );
      this.revoke(sub, "notification_failures_exceeded");
    });
  }

  /** Marks the subscription revoked with `status` and tells the receiver (no `event` in the body). */
  revoke(sub: Subscription, status: SubscriptionStatus): void {
    this.deps.subscriptions.setStatus(sub.id, status);
    const message = this.message("revocation", sub, revocationBody(sub));
    this.track(async () => {
      await this.deliver(message);
    });
  }

  /** The most recent POSTs, oldest first. */
  deliveries(): DeliveryRecord[] {
    return [...this.recent];
  }

  /** Resolves once nothing is being sent or waiting to be retried. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Stops sending: pending waits end, requests in flight are aborted, nothing new starts. */
  stop(): void {
    this.stopping.abort();
  }

  private message(type: MessageType, sub: Subscription, body: string): Message {
    return { id: this.deps.random.uuid(), type, sub, body };
  }

  /** Tries until a 2xx or the attempts run out; "abandoned" when the subscription went away meanwhile. */
  private async deliver(message: Message): Promise<"delivered" | "failed" | "abandoned"> {
    for (let retry = 0; retry < this.settings.max_attempts; retry++) {
      const wait =
        retry === 0 ? this.deps.faults().webhook_delay_ms : this.settings.retry_backoff_ms * 2 ** (retry - 1);
      if (!(await this.pause(wait)) || !this.stillWanted(message)) return "abandoned";
      const answer = await this.send(message, retry, false);
      if (answer.outcome === "stopped") return "abandoned";
      if (isSuccess(answer)) {
        if (
          message.type === "notification" &&
          this.deps.random.chance(this.deps.faults().webhook_duplicate_rate)
        ) {
          await this.send(message, retry, true);
        }
        return "delivered";
      }
    }
    return "failed";
  }

  private stillWanted(message: Message): boolean {
    const status = this.currentStatus(message.sub);
    if (status === undefined) return false;
    return message.type === "notification" ? status === "enabled" : true;
  }

  private currentStatus(sub: Subscription): SubscriptionStatus | undefined {
    return this.deps.subscriptions.get(sub.id)?.status;
  }

  private async send(
    message: Message,
    retry: number,
    duplicate: boolean,
    judge?: (answer: Answer) => string | null,
  ): Promise<Answer & { problem: string | null }> {
    const faults = this.deps.faults();
    const { random } = this.deps;
    const timestamp = rfc3339Nano(
      this.realNow() - (faults.webhook_late ? LATE_BY_MS : 0),
      random.int(0, 999_999),
    );
    const badSignature = random.chance(faults.webhook_bad_signature_rate);
    const key = badSignature
      ? `${message.sub.transport.secret}:not-the-secret`
      : message.sub.transport.secret;
    const record: DeliveryRecord = {
      message_id: message.id,
      message_type: message.type,
      subscription_id: message.sub.id,
      subscription_type: message.sub.type,
      retry,
      sent_at: new Date(this.realNow()).toISOString(),
      timestamp,
      signature_valid: !badSignature,
      duplicate,
      outcome: "network error",
    };
    const timeout = AbortSignal.timeout(this.settings.timeout_ms);
    let answer: Answer;
    try {
      const res = await fetch(message.sub.transport.callback, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "replayd-twitch-simulator",
          "Twitch-Eventsub-Message-Id": message.id,
          "Twitch-Eventsub-Message-Retry": String(retry),
          "Twitch-Eventsub-Message-Type": message.type,
          "Twitch-Eventsub-Message-Signature": signMessage(key, message.id, timestamp, message.body),
          "Twitch-Eventsub-Message-Timestamp": timestamp,
          "Twitch-Eventsub-Subscription-Type": message.sub.type,
          "Twitch-Eventsub-Subscription-Version": message.sub.version,
        },
        body: message.body,
        // Twitch does not follow redirects: a 3xx is a failed delivery.
        redirect: "manual",
        signal: AbortSignal.any([this.stopping.signal, timeout]),
      });
      answer = {
        outcome: res.status,
        contentType: res.headers.get("content-type") ?? "",
        text: await res.text(),
      };
    } catch {
      const outcome = this.stopping.signal.aborted
        ? "stopped"
        : timeout.aborted
          ? "timeout"
          : "network error";
      answer = { outcome, contentType: "", text: "" };
    }
    record.outcome = answer.outcome;
    const problem = judge?.(answer) ?? null;
    if (problem) record.problem = problem;
    this.remember(record);
    this.deps.log.debug(record, "eventsub webhook sent");
    return { ...answer, problem };
  }

  private remember(record: DeliveryRecord): void {
    this.recent.push(record);
    if (this.recent.length > RECENT_LIMIT) this.recent.splice(0, this.recent.length - RECENT_LIMIT);
  }

  /** Waits `ms` real milliseconds; false when stopped meanwhile. */
  private pause(ms: number): Promise<boolean> {
    const signal = this.stopping.signal;
    if (signal.aborted) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        resolve(ok);
      };
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(true), ms);
      signal.addEventListener("abort", onAbort);
    });
  }

  private track(work: () => Promise<void>): void {
    if (this.stopping.signal.aborted) return;
    const task = work().catch((error: unknown) => {
      this.deps.log.error({ err: error }, "eventsub delivery failed unexpectedly");
    });
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }
}

function isSuccess(answer: Answer): boolean {
  return typeof answer.outcome === "number" && answer.outcome >= 200 && answer.outcome < 300;
}

/** Why a verification answer does not count (twitch-cli grades the same three things), or null. */
export function verificationProblem(answer: Answer, challenge: string): string | null {
  if (!isSuccess(answer)) return `expected a 2xx answer, got ${answer.outcome}`;
  if (!answer.contentType.toLowerCase().startsWith("text/plain")) {
    return `expected Content-Type text/plain, got "${answer.contentType}"`;
  }
  if (answer.text !== challenge) return "the body is not the challenge";
  return null;
}
