import type { EventBus } from "../bus/bus.ts";
import type { ActiveDownload } from "../library/downloads.service.ts";
import type { LiveEvents } from "../live/events.ts";
import type { RecorderEvents } from "../recorder/events.ts";
import type { TaskEvents } from "../tasks/events.ts";

/** Per subscriber: events beyond this many unread are dropped, oldest first (each is a delta or snapshot). */
const SUBSCRIBER_QUEUE = 256;

/**
 * An async iterator fed by `register(push)`: the subscription streams tRPC serves over SSE. The listener
 * comes off (the function `register` returned is called) when the client goes away (`signal`) or the
 * consumer stops iterating, so nothing is left behind by a closed connection.
 */
export async function* listen<T>(
  register: (push: (value: T) => void, end: () => void) => () => void,
  signal: AbortSignal | undefined,
): AsyncGenerator<T> {
  const queue: T[] = [];
  let wake: (() => void) | null = null;
  let ended = false;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const unregister = register(
    (value) => {
      queue.push(value);
      if (queue.length > SUBSCRIBER_QUEUE) queue.shift();
      notify();
    },
    () => {
      ended = true;
      notify();
    },
  );
  const onAbort = () => {
    ended = true;
    notify();
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    while (!signal?.aborted) {
      const next = queue.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    unregister();
  }
}

/**
 * The recent events of one topic, numbered, so a client that reconnects with the last id it saw gets what
 * it missed (tRPC's tracked events: `lastEventId`). One bus listener per feed, whatever the client count.
 */
export class RecentFeed<T> {
  private readonly recent: { id: string; data: T }[] = [];
  private readonly subscribers = new Set<(entry: { id: string; data: T }) => void>();
  private sequence = 0;
  /** Ids restart with each process; the prefix tells a reconnecting client's old ids from ours. */
  private readonly epoch = Date.now().toString(36);

  constructor(private readonly size = 200) {}

  publish(data: T): void {
    const entry = { id: `${this.epoch}-${++this.sequence}`, data };
    this.recent.push(entry);
    if (this.recent.length > this.size) this.recent.shift();
    for (const subscriber of this.subscribers) subscriber(entry);
  }

  /** Events after `lastEventId` (when it is still remembered), then new ones as they come. */
  follow(lastEventId: string | null | undefined, signal: AbortSignal | undefined) {
    return listen<{ id: string; data: T }>((push) => {
      if (lastEventId) {
        const at = this.recent.findIndex((e) => e.id === lastEventId);
        if (at >= 0) for (const e of this.recent.slice(at + 1)) push(e);
      }
      this.subscribers.add(push);
      return () => this.subscribers.delete(push);
    }, signal);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }
}

/**
 * A value recomputed when something changes, at most every `intervalMs` (the first change goes out at once,
 * later ones within the interval are folded into one trailing update), computed once for all subscribers
 * and only while someone listens.
 */
export class CoalescedSnapshot<T> {
  private readonly subscribers = new Set<(value: T) => void>();
  private lastRun = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private computing: Promise<void> | null = null;

  constructor(
    private readonly compute: () => Promise<T>,
    private readonly intervalMs = 250,
  ) {}

  /** Something changed. */
  changed(): void {
    if (this.subscribers.size === 0 || this.timer) return;
    const wait = Math.max(0, this.lastRun + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastRun = Date.now();
      this.computing = (async () => {
        try {
          const value = await this.compute();
          for (const subscriber of this.subscribers) subscriber(value);
        } catch {
          // The next change tries again; a failed refresh must not end anyone's stream.
        }
      })();
    }, wait);
  }

  /** The current value first, then each update. */
  follow(signal: AbortSignal | undefined) {
    return listen<T>((push) => {
      this.subscribers.add(push);
      this.compute().then(push, () => {});
      return () => {
        this.subscribers.delete(push);
        if (this.subscribers.size === 0 && this.timer) {
          clearTimeout(this.timer);
          this.timer = null;
        }
      };
    }, signal);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** For tests: resolves once a refresh in flight is delivered. */
  async settled(): Promise<void> {
    await this.computing;
  }
}

export type FeedEvents = RecorderEvents & LiveEvents & TaskEvents;

/** The process's live feeds, wired to the bus once. */
export interface Feeds {
  streamStatus: RecentFeed<LiveEvents["stream.status"]>;
  streamLive: RecentFeed<LiveEvents["stream.live"]>;
  taskStatus: RecentFeed<TaskEvents["task.status"]>;
  systemEvents: RecentFeed<TaskEvents["system.event"]>;
  activeDownloads: CoalescedSnapshot<ActiveDownload[]>;
  /** How many clients follow any feed (for tests and diagnostics). */
  subscriberCount(): number;
  stop(): void;
}

export function createFeeds(
  bus: Pick<EventBus<FeedEvents>, "on">,
  activeDownloads: () => Promise<ActiveDownload[]>,
): Feeds {
  const streamStatus = new RecentFeed<LiveEvents["stream.status"]>();
  const streamLive = new RecentFeed<LiveEvents["stream.live"]>();
  const taskStatus = new RecentFeed<TaskEvents["task.status"]>();
  const systemEvents = new RecentFeed<TaskEvents["system.event"]>();
  const downloads = new CoalescedSnapshot(activeDownloads);
  const offs = [
    bus.on("stream.status", (e) => streamStatus.publish(e)),
    bus.on("stream.live", (e) => streamLive.publish(e)),
    bus.on("task.status", (e) => taskStatus.publish(e)),
    bus.on("system.event", (e) => systemEvents.publish(e)),
    bus.on("recording.started", () => downloads.changed()),
    bus.on("recording.progress", () => downloads.changed()),
    bus.on("recording.finished", () => downloads.changed()),
  ];
  return {
    streamStatus,
    streamLive,
    taskStatus,
    systemEvents,
    activeDownloads: downloads,
    subscriberCount: () =>
      streamStatus.subscriberCount +
      streamLive.subscriberCount +
      taskStatus.subscriberCount +
      systemEvents.subscriberCount +
      downloads.subscriberCount,
    stop: () => {
      for (const off of offs) off();
    },
  };
}
