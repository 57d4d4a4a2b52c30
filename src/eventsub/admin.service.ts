import type { Repository } from "../db/repository.ts";
import { PreconditionError } from "../domain/errors.ts";
import type { ServerMode } from "../domain/ops.ts";
import { CHANNEL_TYPES, type EventSubManager } from "./subscriptions.service.ts";

export interface EventSubAdminDeps {
  repo: Pick<Repository, "eventsub">;
  /** The running mode's EventSub manager (direct and relay, once started); null otherwise. */
  manager: () => Pick<EventSubManager, "snapshot" | "subscribe" | "unsubscribe"> | null;
  /** The mode this process runs, for the message when it has no EventSub. */
  runningMode: ServerMode | null;
}

/** The owner's EventSub page: the mirrored subscriptions, quota snapshots, and manual (un)subscribing. */
export class EventSubAdmin {
  constructor(private readonly deps: EventSubAdminDeps) {}

  subscriptions(page: { limit: number; offset: number }) {
    return this.deps.repo.eventsub.listActive(page);
  }

  snapshots(page: { limit: number; offset: number }) {
    return this.deps.repo.eventsub.listSnapshots(page);
  }

  async latestSnapshot() {
    return { snapshot: await this.deps.repo.eventsub.latestSnapshot() };
  }

  /** Asks Twitch for the subscriptions and their cost now. @throws PreconditionError without EventSub */
  async takeSnapshot() {
    await this.manager().snapshot();
    return this.latestSnapshot();
  }

  /** Subscribes a channel's online and offline events. @throws PreconditionError without EventSub */
  async subscribeChannel(broadcasterId: string): Promise<{ ok: boolean }> {
    const eventsub = this.manager();
    for (const t of CHANNEL_TYPES) await eventsub.subscribe(broadcasterId, t.type, t.version);
    return { ok: true };
  }

  /** @throws PreconditionError without EventSub */
  async unsubscribe(id: string, reason: string): Promise<{ ok: boolean }> {
    await this.manager().unsubscribe(id, reason);
    return { ok: true };
  }

  private manager() {
    const eventsub = this.deps.manager();
    if (!eventsub) {
      throw new PreconditionError(
        `the running mode (${this.deps.runningMode ?? "not chosen"}) does not use EventSub: choose direct or relay, then restart`,
      );
    }
    return eventsub;
  }
}
