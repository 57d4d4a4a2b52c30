import type { SimClock } from "./clock.ts";

/**
 * Quick reconnects waiting to happen: after /offline with `reconnect_after_seconds`, the channel goes live
 * again as a new broadcast once that much simulated time has passed. One per channel; timers run on real
 * time computed from the simulated clock, and are dropped when the channel is set live or offline by hand
 * or the simulator stops.
 */

export interface PendingReconnect {
  channel_id: string;
  login: string;
  /** Simulated epoch ms when the new broadcast starts. */
  at: number;
  after_seconds: number;
}

export class ReconnectSchedule {
  private readonly pending = new Map<string, { reconnect: PendingReconnect; timer: Timer }>();

  constructor(
    private readonly clock: SimClock,
    private readonly due: (reconnect: PendingReconnect) => void,
  ) {}

  /** Schedules the channel's reconnect, replacing one already pending. */
  schedule(reconnect: PendingReconnect): void {
    this.cancel(reconnect.channel_id);
    const timer = setTimeout(
      () => {
        this.pending.delete(reconnect.channel_id);
        this.due(reconnect);
      },
      Math.ceil(this.clock.realDelayUntil(reconnect.at)),
    );
    // A pending reconnect alone must not keep a process (a test run) alive.
    timer.unref?.();
    this.pending.set(reconnect.channel_id, { reconnect, timer });
  }

  /** Drops the channel's pending reconnect; true if there was one. */
  cancel(channelId: string): boolean {
    const entry = this.pending.get(channelId);
    if (!entry) return false;
    clearTimeout(entry.timer);
    this.pending.delete(channelId);
    return true;
  }

  get(channelId: string): PendingReconnect | null {
    return this.pending.get(channelId)?.reconnect ?? null;
  }

  cancelAll(): void {
    for (const id of [...this.pending.keys()]) this.cancel(id);
  }
}
