import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../log/logger.ts";
import type { PartStream } from "./part-stream.ts";
import type { RecordingLedger } from "./recording-ledger.ts";
import type { RecordingParts } from "./recording-parts.ts";
import type { Scratch } from "./scratch.ts";
import { isDiskFull, type SpaceGuard, waitForSpace } from "./space-guard.ts";

/**
 * A recording's pauses for disk space: writing stops when the disk is full (a write failed) or under the
 * free-space floor (the guard says so), the open part keeps what it has, and the recording goes on once
 * space is back, checked every second. What Twitch's window dropped meanwhile becomes a `disk_full` gap.
 */
export class DiskPause {
  constructor(
    private readonly ctx: {
      /** The disk the recording writes to (its scratch folder), and the free-space floor if there is one. */
      scratchRoot: string;
      space?: SpaceGuard;
      ledger: RecordingLedger;
      parts: RecordingParts;
      log: Pick<Logger, "info" | "warn">;
      clock: Clock;
    },
  ) {}

  /** The guard's reason to stop writing now, or null. */
  blocked(): string | null {
    return this.ctx.space?.blocked() ?? null;
  }

  /** Runs `follow` with a signal aborted when the disk goes under its floor meanwhile. */
  async watching<T>(follow: (pause: AbortSignal) => Promise<T>): Promise<T> {
    const pause = new AbortController();
    const space = this.ctx.space;
    const unsubscribe = space?.onChange(() => {
      if (space.blocked()) pause.abort();
    });
    try {
      return await follow(pause.signal);
    } finally {
      unsubscribe?.();
    }
  }

  /**
   * Writing stops (the disk is full, or under its floor): the open part keeps what it has, on disk and in
   * scratch, and continues once space is back. What Twitch's window drops meanwhile becomes a gap.
   */
  async pause(
    stream: PartStream | null,
    reason: string,
    signal: AbortSignal,
    scratch: Scratch,
  ): Promise<PartStream | null> {
    const { ledger, parts, log } = this.ctx;
    log.warn({ reason }, "recording paused: not enough disk space");
    await parts.abandon(stream);
    ledger.pausedFor = reason;
    ledger.report("paused", null);
    await ledger.save({ quiet: true });
    await this.waitForSpace(signal);
    const resumed = await this.untilWritable(signal, () => parts.reopen(scratch));
    ledger.pausedFor = null;
    if (signal.aborted) return resumed;
    log.info("disk space is back: the recording continues");
    resumed?.expectGapBecause("disk_full");
    return resumed;
  }

  /** Runs `attempt`, again once space is back each time it fails for lack of space (null if stopped). */
  async untilWritable<T>(signal: AbortSignal, attempt: () => Promise<T>): Promise<T | null> {
    for (;;) {
      if (signal.aborted) return null;
      try {
        return await attempt();
      } catch (err) {
        if (!isDiskFull(err)) throw err;
        this.ctx.ledger.pausedFor = `the disk is full (${(err as Error).message})`;
        this.ctx.ledger.report("paused", null);
      }
      await this.waitForSpace(signal);
    }
  }

  private waitForSpace(signal: AbortSignal): Promise<void> {
    const { scratchRoot, space, clock } = this.ctx;
    return waitForSpace({ path: scratchRoot, guard: space, signal, clock });
  }
}
