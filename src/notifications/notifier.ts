import type { EventBus } from "../bus/bus.ts";
import type { Repository } from "../db/repository.ts";
import {
  NOTIFIED_BY,
  type NotificationEvent,
  type NotificationTarget,
  type NotificationTemplate,
} from "../domain/notifications.ts";
import type { EventLog } from "../domain/ops.ts";
import type { Logger } from "../log/logger.ts";
import { DEFAULT_TEMPLATES, render, templateFor, valuesOf } from "./templates.ts";

/** The notification an event-log entry raises, if any. */
export function notificationOf(entry: Pick<EventLog, "domain" | "event_type">): NotificationEvent | null {
  return NOTIFIED_BY[`${entry.domain}.${entry.event_type}`] ?? null;
}

/**
 * The targets told about `event`: on, subscribed to it, and following the entry's channel (no channel
 * list: every channel; an entry about no channel, like low disk space, goes to every subscribed target).
 */
export function recipients<T extends NotificationTarget>(
  targets: readonly T[],
  event: NotificationEvent,
  broadcasterId: string | null,
): T[] {
  return targets.filter(
    (t) =>
      t.enabled &&
      t.events.includes(event) &&
      (t.broadcaster_ids.length === 0 || broadcasterId === null || t.broadcaster_ids.includes(broadcasterId)),
  );
}

export interface NotifierDeps {
  repo: Pick<Repository, "notifications">;
  /** Every event-log entry, as written (`system.event`). */
  bus: Pick<EventBus<{ "system.event": EventLog }>, "on">;
  log: Logger;
  /** Where `{url}` points (PUBLIC_BASE_URL, or the server's address once it listens). */
  origin: () => string;
  /** Told when deliveries were queued (the dispatcher sends them now). */
  queued: () => void;
}

/**
 * Turns event-log entries into queued notifications: each entry that raises one (`NOTIFIED_BY`) is
 * rendered with each recipient's template and queued once per target (`<target>:<entry>`), so an entry
 * announced twice, or handled by two processes, still notifies once.
 */
export class Notifier {
  readonly #deps: NotifierDeps;
  readonly #pending = new Set<Promise<unknown>>();
  #unsubscribe: (() => void) | undefined;

  constructor(deps: NotifierDeps) {
    this.#deps = deps;
  }

  /** Listens from now on. */
  start(): void {
    this.#unsubscribe ??= this.#deps.bus.on("system.event", (entry) => {
      const work = this.handle(entry).catch((err: unknown) =>
        this.#deps.log.error({ err, event_log_id: entry.id }, "could not queue notifications"),
      );
      this.#pending.add(work);
      void work.finally(() => this.#pending.delete(work));
    });
  }

  /** Stops listening and waits for entries being handled (before the database closes). */
  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    await Promise.allSettled([...this.#pending]);
  }

  /** Queues the notifications one entry raises; resolves to how many were queued. */
  async handle(entry: EventLog): Promise<number> {
    const event = notificationOf(entry);
    if (!event) return 0;
    const { repo, log } = this.#deps;
    const targets = recipients(await repo.notifications.listTargets(), event, entry.broadcaster_id);
    if (targets.length === 0) return 0;
    const values = valuesOf(entry, event, this.#deps.origin());
    let queued = 0;
    for (const target of targets) {
      const message = this.#render(target, event, values);
      const delivery = await repo.notifications.enqueue({
        target_id: target.id,
        event,
        event_log_id: entry.id,
        dedupe_key: `${target.id}:${entry.id}`,
        ...message,
      });
      if (delivery) queued++;
    }
    if (queued > 0) {
      log.debug({ event, event_log_id: entry.id, deliveries: queued }, "notifications queued");
      this.#deps.queued();
    }
    return queued;
  }

  #render(
    target: NotificationTarget,
    event: NotificationEvent,
    values: Parameters<typeof render>[1],
  ): NotificationTemplate {
    let message: NotificationTemplate;
    try {
      message = render(templateFor(target.templates, event), values);
    } catch (err) {
      // Saved templates were checked; one that no longer is (a variable gone) falls back on the default.
      this.#deps.log.warn(
        { err, target_id: target.id, event },
        "notification template unusable: default used",
      );
      message = render(DEFAULT_TEMPLATES[event], values);
    }
    return { title: message.title || "replayd", body: message.body };
  }
}
