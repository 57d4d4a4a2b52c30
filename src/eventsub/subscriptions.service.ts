import type { Repository } from "../db/repository.ts";
import { type EventSink, noEvents } from "../domain/ops.ts";
import type { Logger } from "../log/logger.ts";
import { type HelixClient, HelixError } from "../twitch/helix.client.ts";
import type { HelixSubscription } from "../twitch/helix.schemas.ts";

/** Live detection needs these for every watched channel; title tracking needs channel.update while recording. */
export const CHANNEL_TYPES = [
  { type: "stream.online", version: "1" },
  { type: "stream.offline", version: "1" },
] as const;
export const UPDATE_TYPE = { type: "channel.update", version: "2" } as const;

/** Statuses of a subscription that still works or is about to. */
const HEALTHY = new Set(["enabled", "webhook_callback_verification_pending"]);

export class CircuitOpenError extends Error {
  override name = "CircuitOpenError";
}

export interface EventSubManagerDeps {
  repo: Pick<Repository, "channels" | "eventsub">;
  helix: HelixClient;
  /** Where Twitch posts (our receiver, or the relay's ingest URL). */
  callback: string;
  secret: () => string;
  log: Logger;
  /** The event log: subscriptions created or refused, reconcile results, the cost quota. */
  events?: EventSink;
  /** Subscriptions created at once during a reconcile. */
  concurrency?: number;
  /** Consecutive failures after which a reconcile gives up (Twitch is struggling; the next run retries). */
  breakerThreshold?: number;
}

/**
 * Keeps Twitch's EventSub subscriptions in step with what replayd watches: stream.online/offline for every
 * channel, channel.update for channels being recorded. Twitch is the truth (listed at every reconcile);
 * the `subscriptions` table mirrors it for the dashboard and for revocations.
 */
export class EventSubManager {
  private readonly events: EventSink;

  constructor(private readonly deps: EventSubManagerDeps) {
    this.events = deps.events ?? noEvents;
  }

  /**
   * One pass: delete broken subscriptions (any status but enabled/pending), those on another callback and
   * those of channels no longer watched; create what is missing. Stops early (and throws) when Twitch keeps
   * failing, so a struggling API is not hammered.
   */
  async reconcileChannels(): Promise<{ created: number; deleted: number }> {
    const { helix, repo } = this.deps;
    const watched = new Set(await repo.channels.listIds());
    const existing = (await helix.subscriptions()).data.filter((s) =>
      CHANNEL_TYPES.some((t) => t.type === s.type),
    );
    await this.forgetVanished(
      CHANNEL_TYPES.map((t) => t.type),
      existing,
    );
    let deleted = 0;
    const kept = new Set<string>();
    for (const sub of existing) {
      const broadcaster = sub.condition.broadcaster_user_id ?? "";
      const reason = !HEALTHY.has(sub.status)
        ? `zombie (${sub.status})`
        : sub.transport.callback !== this.deps.callback
          ? "stale callback"
          : !watched.has(broadcaster)
            ? "channel not watched"
            : null;
      if (reason) {
        await this.remove(sub.id, reason);
        deleted++;
      } else {
        kept.add(`${sub.type}:${broadcaster}`);
        await this.mirror(sub);
      }
    }
    const missing = [...watched].flatMap((id) =>
      CHANNEL_TYPES.filter((t) => !kept.has(`${t.type}:${id}`)).map((t) => ({ ...t, broadcaster: id })),
    );
    const created = await this.createAll(missing);
    await this.events.write({
      domain: "eventsub",
      event_type: "reconciled",
      // Nothing to do is routine.
      severity: created + deleted > 0 ? "info" : "debug",
      message: `EventSub reconciled: ${created} subscriptions created, ${deleted} deleted, ${kept.size} kept`,
      data: { created, deleted, kept: kept.size, watched: watched.size },
    });
    return { created, deleted };
  }

  /** channel.update for exactly the channels being recorded. */
  async reconcileUpdates(recording: readonly string[]): Promise<void> {
    const wanted = new Set(recording);
    const existing = (await this.deps.helix.subscriptions()).data.filter((s) => s.type === UPDATE_TYPE.type);
    await this.forgetVanished([UPDATE_TYPE.type], existing);
    const kept = new Set<string>();
    for (const sub of existing) {
      const broadcaster = sub.condition.broadcaster_user_id ?? "";
      if (
        !HEALTHY.has(sub.status) ||
        sub.transport.callback !== this.deps.callback ||
        !wanted.has(broadcaster)
      ) {
        await this.remove(sub.id, "not recording");
      } else {
        kept.add(broadcaster);
      }
    }
    await this.createAll(
      [...wanted].filter((id) => !kept.has(id)).map((id) => ({ ...UPDATE_TYPE, broadcaster: id })),
    );
  }

  /** A new watched channel, or a recording starting: subscribes now rather than at the next reconcile. */
  async subscribe(broadcasterId: string, type: string, version: string): Promise<void> {
    const active = await this.deps.repo.eventsub.getActive(broadcasterId, type);
    if (active && active.transport_callback === this.deps.callback) return;
    if (active) await this.remove(active.id, "stale callback");
    await this.create({ type, version, broadcaster: broadcasterId });
  }

  async unsubscribeType(broadcasterId: string, type: string, reason: string): Promise<void> {
    const active = await this.deps.repo.eventsub.getActive(broadcasterId, type);
    if (active) await this.remove(active.id, reason);
  }

  /** Modes without EventSub (off, poll, unset): nothing of a previous webhook setup stays on Twitch. */
  async revokeAll(reason: string): Promise<number> {
    const subs = (await this.deps.helix.subscriptions()).data.filter((s) => s.transport.method === "webhook");
    for (const sub of subs) await this.remove(sub.id, reason);
    for (const type of [...CHANNEL_TYPES.map((t) => t.type), UPDATE_TYPE.type]) {
      for (const row of await this.deps.repo.eventsub.listActiveByType(type))
        await this.deps.repo.eventsub.revoke(row.id, reason);
    }
    return subs.length;
  }

  /** Twitch's cost counters now, with every subscription's cost and status at this moment. */
  async snapshot(): Promise<void> {
    const listed = await this.deps.helix.subscriptions();
    for (const sub of listed.data) await this.mirror(sub);
    await this.deps.repo.eventsub.saveSnapshot({
      total: listed.total,
      total_cost: listed.totalCost,
      max_total_cost: listed.maxTotalCost,
      fetched_at: new Date().toISOString(),
      subscriptions: listed.data.map((s) => ({ id: s.id, cost: s.cost, status: s.status })),
    });
    // Twitch refuses new subscriptions past the maximum: said when 90 % of it is used.
    const nearlyFull = listed.maxTotalCost > 0 && listed.totalCost >= 0.9 * listed.maxTotalCost;
    await this.events.write({
      domain: "eventsub",
      event_type: "quota",
      severity: nearlyFull ? "warn" : "debug",
      message: `EventSub cost ${listed.totalCost} of ${listed.maxTotalCost}${nearlyFull ? ": new subscriptions will soon be refused" : ""} (${listed.total} subscriptions)`,
      data: { total: listed.total, total_cost: listed.totalCost, max_total_cost: listed.maxTotalCost },
    });
  }

  private async createAll(items: { type: string; version: string; broadcaster: string }[]): Promise<number> {
    const limit = this.deps.concurrency ?? 10;
    const threshold = this.deps.breakerThreshold ?? 3;
    let created = 0;
    let consecutiveFailures = 0;
    const failures: string[] = [];
    for (let i = 0; i < items.length; i += limit) {
      const results = await Promise.allSettled(items.slice(i, i + limit).map((item) => this.create(item)));
      for (const result of results) {
        if (result.status === "fulfilled") {
          created++;
          consecutiveFailures = 0;
        } else {
          consecutiveFailures++;
          failures.push((result.reason as Error).message);
          this.deps.log.warn({ err: (result.reason as Error).message }, "EventSub subscription not created");
        }
      }
      if (failures.length > 0 && (consecutiveFailures >= threshold || i + limit >= items.length)) {
        // One entry per pass, not per subscription: a struggling Twitch refuses dozens at once.
        await this.events.write({
          domain: "eventsub",
          event_type: "subscription_failed",
          severity: "warn",
          message: `${failures.length} EventSub subscription(s) could not be created: ${failures[0]}`,
          data: { failed: failures.length, reason: failures[0] ?? null },
        });
      }
      if (consecutiveFailures >= threshold) {
        throw new CircuitOpenError(
          `Twitch refused ${consecutiveFailures} subscriptions in a row; stopped until the next reconcile`,
        );
      }
    }
    return created;
  }

  private async create(item: { type: string; version: string; broadcaster: string }): Promise<void> {
    try {
      const sub = await this.deps.helix.subscribe({
        type: item.type,
        version: item.version,
        condition: { broadcaster_user_id: item.broadcaster },
        callback: this.deps.callback,
        secret: this.deps.secret(),
      });
      await this.mirror(sub);
      await this.events.write({
        domain: "eventsub",
        event_type: "subscription_created",
        severity: "info",
        message: `EventSub ${item.type} subscription created (${sub.status})`,
        broadcaster_id: item.broadcaster,
        data: { type: item.type, subscription_id: sub.id, status: sub.status, cost: sub.cost },
      });
    } catch (err) {
      // Someone (a previous run) already created it: the next list mirrors it.
      if (err instanceof HelixError && err.status === 409) return;
      throw err;
    }
  }

  /** Deletes one subscription on Twitch and marks its mirror revoked (the API's manual unsubscribe). */
  async unsubscribe(id: string, reason: string): Promise<void> {
    await this.remove(id, reason);
  }

  /**
   * Mirror rows of subscriptions Twitch no longer lists (deleted on its side, or a restored database) are
   * marked revoked, so the subscriptions that replace them can be mirrored.
   */
  private async forgetVanished(
    types: readonly string[],
    listed: readonly HelixSubscription[],
  ): Promise<void> {
    const onTwitch = new Set(listed.map((s) => s.id));
    for (const type of types) {
      for (const row of await this.deps.repo.eventsub.listActiveByType(type)) {
        if (!onTwitch.has(row.id)) await this.deps.repo.eventsub.revoke(row.id, "gone from Twitch");
      }
    }
  }

  private async remove(id: string, reason: string): Promise<void> {
    await this.deps.helix.unsubscribe(id);
    await this.deps.repo.eventsub.revoke(id, reason);
  }

  private async mirror(sub: HelixSubscription): Promise<void> {
    await this.deps.repo.eventsub
      .saveSubscription({
        id: sub.id,
        status: sub.status,
        type: sub.type,
        version: sub.version,
        cost: sub.cost,
        condition: sub.condition,
        broadcaster_id: sub.condition.broadcaster_user_id ?? null,
        transport_method: sub.transport.method,
        transport_callback: sub.transport.callback ?? null,
        twitch_created_at: sub.created_at,
      })
      .catch((err) => this.deps.log.warn({ err: (err as Error).message }, "could not mirror a subscription"));
  }
}
