import { randomBytes } from "node:crypto";
import type { z } from "zod";
import type { Repository } from "../db/repository.ts";
import { InvalidInputError, NotFoundError } from "../domain/errors.ts";
import {
  NOTIFICATION_EVENTS,
  type NotificationDelivery,
  type NotificationEvent,
  type NotificationTarget,
  type NotificationTargetKind,
  type NotificationTemplate,
  type StoredNotificationTarget,
  TEMPLATE_VARIABLES,
} from "../domain/notifications.ts";
import type { SecretSealer } from "../domain/secrets.ts";
import type { DeliveryStatus } from "../domain/webhooks.ts";
import type { OutboundPolicy } from "../net/pinned-fetch.ts";
import { DEFAULT_OUTBOUND } from "../recording-webhook/sender.ts";
import { webhookUrlProblem } from "../recording-webhook/url-rules.ts";
import type { NotificationDispatcher } from "./dispatcher.ts";
import type { deliveriesInput, previewInput, targetInput, targetUpdateInput, testInput } from "./inputs.ts";
import {
  addressesOf,
  type ConfigView,
  configView,
  mergeConfig,
  openConfig,
  sealConfig,
} from "./target-config.ts";
import { DEFAULT_TEMPLATES, render, sampleValues, templateFor } from "./templates.ts";

/** A target as the API shows it: its settings without their secrets (null when they cannot be read). */
export interface TargetView extends NotificationTarget {
  config: ConfigView | null;
}

/** One row of the delivery log. */
export interface NotificationDeliveryView {
  id: number;
  target_id: number;
  target_name: string;
  kind: NotificationTargetKind | null;
  event: NotificationDelivery["event"];
  title: string;
  outcome: DeliveryStatus;
  status: number | null;
  attempts: number;
  error?: string;
  /** The last attempt, or when it was queued. */
  time: string;
  next_attempt_at: string;
}

export interface TestResult {
  ok: boolean;
  /** The service's HTTP status; null when it did not answer. */
  status: number | null;
  error?: string;
  delivery_id: number;
}

/** What the template editor shows: the variables and each event's default. */
export interface TemplateGuide {
  events: readonly NotificationEvent[];
  variables: readonly string[];
  defaults: Record<NotificationEvent, NotificationTemplate>;
}

export interface NotificationServiceDeps {
  repo: Pick<Repository, "notifications">;
  sealer: SecretSealer;
  dispatcher: Pick<NotificationDispatcher, "sendNow" | "nudge" | "origin">;
  /** Where targets may be (WEBHOOK_ALLOWED_HOSTS); https to public addresses only when not given. */
  outbound?: OutboundPolicy;
  now?: () => Date;
}

/** The owner's notification targets as the API manages them: settings, previews, test sends, the log. */
export class NotificationService {
  constructor(private readonly deps: NotificationServiceDeps) {}

  async targets(): Promise<TargetView[]> {
    return (await this.deps.repo.notifications.listTargets()).map((t) => this.#view(t));
  }

  /** @throws InvalidInputError naming the field (`config.topic: …`) and the fix */
  async create(input: z.output<typeof targetInput>): Promise<TargetView> {
    const config = this.#checkedConfig(input.config, null);
    const created = await this.deps.repo.notifications.createTarget({
      name: input.name,
      kind: config.kind,
      enabled: input.enabled,
      config: sealConfig(this.deps.sealer, config),
      events: input.events,
      broadcaster_ids: input.broadcaster_ids,
      templates: input.templates,
    });
    return this.#view(created);
  }

  /**
   * Saves a target; secrets left empty keep the stored ones. @throws NotFoundError, InvalidInputError (a
   * kind cannot change: delete the target and make another)
   */
  async update(input: z.output<typeof targetUpdateInput>): Promise<TargetView> {
    const stored = await this.#target(input.id);
    if (input.config.kind !== stored.kind) {
      throw new InvalidInputError(
        `config.kind: this target sends to ${stored.kind}; a kind cannot change: delete the target and make a new one`,
      );
    }
    const config = this.#checkedConfig(input.config, openConfig(this.deps.sealer, stored));
    const updated = await this.deps.repo.notifications.updateTarget(input.id, {
      name: input.name,
      enabled: input.enabled,
      config: sealConfig(this.deps.sealer, config),
      events: input.events,
      broadcaster_ids: input.broadcaster_ids,
      templates: input.templates,
    });
    return this.#view(updated);
  }

  /** Deletes a target and its delivery log. @throws NotFoundError */
  async remove(id: number): Promise<{ ok: true }> {
    await this.deps.repo.notifications.deleteTarget(id);
    return { ok: true };
  }

  guide(): TemplateGuide {
    return { events: NOTIFICATION_EVENTS, variables: TEMPLATE_VARIABLES, defaults: DEFAULT_TEMPLATES };
  }

  /** A template (or the event's default) rendered with made-up values. */
  preview(input: z.output<typeof previewInput>): NotificationTemplate {
    return render(input.template ?? DEFAULT_TEMPLATES[input.event], this.#samples(input.event));
  }

  /**
   * Sends a test through the outbox now (whether the target is on or not) and answers with what its service
   * said; the attempt is in the delivery log. @throws NotFoundError
   */
  async test(input: z.output<typeof testInput>): Promise<TestResult> {
    const target = await this.#target(input.id);
    const message = input.event
      ? testOf(render(templateFor(target.templates, input.event), this.#samples(input.event)))
      : {
          title: "replayd test notification",
          body: `This is a test of "${target.name}": notifications from replayd reach you here.`,
        };
    const delivery = await this.deps.repo.notifications.enqueue({
      target_id: target.id,
      event: "test",
      event_log_id: null,
      dedupe_key: `test:${target.id}:${randomBytes(8).toString("hex")}`,
      ...message,
      sending_now: true,
    });
    if (!delivery) throw new Error("a test delivery's key was taken");
    const result = await this.deps.dispatcher.sendNow(delivery);
    return result.outcome === "delivered"
      ? { ok: true, status: result.status, delivery_id: delivery.id }
      : { ok: false, status: result.status, error: result.error, delivery_id: delivery.id };
  }

  /** The latest deliveries, newest first (one target's when asked). */
  async deliveries(input: z.output<typeof deliveriesInput>): Promise<NotificationDeliveryView[]> {
    const { notifications } = this.deps.repo;
    const [rows, targets] = await Promise.all([
      notifications.listRecent(input.limit, input.target_id),
      notifications.listTargets(),
    ]);
    const byId = new Map(targets.map((t) => [t.id, t]));
    return rows.map((d) => deliveryView(d, byId.get(d.target_id)));
  }

  /** Queues a rejected or failed delivery again, at once. @throws NotFoundError, ConflictError */
  async retry(id: number): Promise<NotificationDeliveryView> {
    const queued = await this.deps.repo.notifications.retry(id);
    this.deps.dispatcher.nudge();
    return deliveryView(
      queued,
      (await this.deps.repo.notifications.getTarget(queued.target_id)) ?? undefined,
    );
  }

  async #target(id: number): Promise<StoredNotificationTarget> {
    const target = await this.deps.repo.notifications.getTarget(id);
    if (!target) throw new NotFoundError(`no notification target ${id}`);
    return target;
  }

  /** The config to store: merged over the stored one, and every address allowed by the outbound policy. */
  #checkedConfig(input: z.output<typeof targetInput>["config"], stored: ReturnType<typeof openConfig>) {
    const merged = mergeConfig(input, stored);
    if ("problem" in merged) throw new InvalidInputError(merged.problem);
    const { allow } = this.deps.outbound ?? DEFAULT_OUTBOUND;
    for (const [field, url] of addressesOf(merged.config)) {
      const problem = webhookUrlProblem(url, allow);
      if (problem) throw new InvalidInputError(`config.${field} ${problem}`);
    }
    return merged.config;
  }

  #view(target: StoredNotificationTarget): TargetView {
    const config = openConfig(this.deps.sealer, target);
    const { config: _sealed, ...rest } = target;
    return { ...rest, config: config && configView(config) };
  }

  #samples(event: NotificationEvent) {
    return sampleValues(event, this.deps.dispatcher.origin, this.#now().toISOString());
  }

  #now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

function testOf(message: NotificationTemplate): NotificationTemplate {
  return { title: `[test] ${message.title}`, body: message.body };
}

function deliveryView(
  d: NotificationDelivery,
  target: StoredNotificationTarget | undefined,
): NotificationDeliveryView {
  return {
    id: d.id,
    target_id: d.target_id,
    target_name: target?.name ?? `#${d.target_id}`,
    kind: target?.kind ?? null,
    event: d.event,
    title: d.title,
    outcome: d.status,
    status: d.last_status,
    attempts: d.attempts,
    ...(d.last_error ? { error: d.last_error } : {}),
    time: d.last_attempt_at ?? d.created_at,
    next_attempt_at: d.next_attempt_at,
  };
}
