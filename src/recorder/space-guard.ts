import { statfs } from "node:fs/promises";
import { type Clock, systemClock } from "../lib/clock.ts";

/**
 * What a recording asks of the disk it writes to: may it write now, and when may it again. The server's
 * free-space monitor answers it (recordings pause under the configured floor, before the disk is full);
 * without one, only a write that fails for lack of space (ENOSPC) pauses a recording.
 */
export interface SpaceGuard {
  /** Why writing must not go on now (free space under the floor), or null. */
  blocked(): string | null;
  /** Calls `listener` whenever that answer may have changed; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
}

/** After a failed write, this much must be free before writing is tried again (a few segments' worth). */
export const RESUME_MIN_FREE_BYTES = 32 * 1024 * 1024;

/** Kept free under every segment write: the database and the other recordings' small writes still fit. */
export const SEGMENT_MARGIN_BYTES = 256 * 1024;

/**
 * Free bytes a segment of `size` needs before it is written: its media in the part file, and the margin. Refusing a segment that does not fit, instead of writing until ENOSPC, keeps one large
 * stream from filling the disk to the last byte under everyone else.
 */
export function segmentNeeds(size: number): number {
  return size + SEGMENT_MARGIN_BYTES;
}

/** The error of a segment refused for lack of room (coded ENOSPC, so it pauses like a failed write). */
export function noRoomForSegment(size: number, free: number): Error {
  const error = new Error(
    `ENOSPC: no space left on device for the next segment (${segmentNeeds(size)} B needed, ${free} B free)`,
  );
  (error as Error & { code: string }).code = "ENOSPC";
  return error;
}

/** A write failed because the disk (or the database on it) is full: the recording pauses, it does not fail. */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "ENOSPC" || code === "EDQUOT" || code === "SQLITE_FULL") return true;
  const message = err instanceof Error ? err.message : String(err);
  return /\bENOSPC\b|no space left on device|database or disk is full|disk quota exceeded/i.test(message);
}

/**
 * Resolves once writing may go on: the guard no longer blocks, and at least `minFreeBytes` are free on
 * the disk holding `path` (checked every `intervalMs`), or when `signal` aborts.
 */
export async function waitForSpace(options: {
  path: string;
  guard?: SpaceGuard;
  minFreeBytes?: number;
  intervalMs?: number;
  signal: AbortSignal;
  clock?: Clock;
}): Promise<void> {
  const { path, guard, signal } = options;
  const minFree = options.minFreeBytes ?? RESUME_MIN_FREE_BYTES;
  const interval = options.intervalMs ?? 1000;
  while (!signal.aborted) {
    if (!guard?.blocked() && (await freeBytes(path)) >= minFree) return;
    await (options.clock ?? systemClock).sleep(interval, signal);
  }
}

/** Bytes an unprivileged writer may still use on the disk holding `path` (Infinity if it cannot be read). */
export async function freeBytes(path: string): Promise<number> {
  try {
    const fs = await statfs(path);
    return fs.bavail * fs.bsize;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
