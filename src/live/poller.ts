import type { ChannelRepository } from "../db/repos/channels.repo.ts";
import type { StreamRepository } from "../db/repos/streams.repo.ts";
import { type Clock, systemClock } from "../lib/clock.ts";
import type { Logger } from "../log/logger.ts";
import type { HelixClient } from "../twitch/helix.client.ts";
import type { HelixStream } from "../twitch/helix.schemas.ts";
import type { LiveService } from "./live.service.ts";

export interface LivePollerDeps {
  repo: {
    channels: Pick<ChannelRepository, "listIds">;
    streams: Pick<StreamRepository, "listActive" | "endOpen">;
  };
  helix: Pick<HelixClient, "streams">;
  live: Pick<LiveService, "online" | "offline" | "updated">;
  intervalMs: number;
  log: Pick<Logger, "warn">;
  /** The real clock unless a test moves time by hand. */
  clock?: Clock;
}

/**
 * Poll mode: every interval, Helix's live streams for every watched channel (batches of 100). A channel
 * that appears (or shows a new stream id) went live; one that disappears went offline; a recorded channel
 * whose title or category changed gets the change on its timeline.
 */
export class LivePoller {
  private live = new Map<string, HelixStream>();
  private seeded = false;
  private readonly controller = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(private readonly deps: LivePollerDeps) {}

  start(): void {
    this.loop ??= (async () => {
      while (!this.controller.signal.aborted) {
        await this.tick().catch((err) =>
          this.deps.log.warn({ err: (err as Error).message }, "live poll failed"),
        );
        await (this.deps.clock ?? systemClock).sleep(this.deps.intervalMs, this.controller.signal);
      }
    })();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
  }

  /** One poll. Exposed for tests and for a run right after a channel is added. */
  async tick(): Promise<void> {
    const { repo, helix, live } = this.deps;
    if (!this.seeded) {
      // After a restart, streams we knew were open count as live, so they are not announced again.
      for (const stream of await repo.streams.listActive()) {
        this.live.set(stream.broadcaster_id, { id: stream.id } as HelixStream);
      }
      this.seeded = true;
    }
    const ids = await repo.channels.listIds();
    const now = new Map((await helix.streams(ids)).map((s) => [s.user_id, s]));
    for (const [broadcasterId, stream] of now) {
      const before = this.live.get(broadcasterId);
      if (!before || before.id !== stream.id) {
        if (before) await repo.streams.endOpen(broadcasterId, { keepStreamId: stream.id });
        await live.online(broadcasterId, stream);
      } else if (
        before.title !== undefined &&
        (before.title !== stream.title || before.game_id !== stream.game_id)
      ) {
        await live.updated(broadcasterId, {
          title: before.title !== stream.title ? stream.title : undefined,
          categoryId: before.game_id !== stream.game_id ? stream.game_id : undefined,
          categoryName: stream.game_name,
        });
      }
    }
    for (const broadcasterId of this.live.keys()) {
      if (!now.has(broadcasterId)) await live.offline(broadcasterId);
    }
    this.live = now;
  }
}
