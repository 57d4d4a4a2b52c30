import { ConflictError, InvalidInputError, NotFoundError } from "../domain/errors.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../log/logger.ts";

export interface DurableWriteContext {
  log: Pick<Logger, "error">;
  clock: Clock;
  /** True once replayd is shutting down: the write is then left to the next start. */
  stopping: () => boolean;
  /** Aborted at shutdown: wakes a write waiting to be retried. */
  signal: AbortSignal;
  /** The longest wait between attempts (30 s unless given): shorter for a write a recording waits on. */
  maxDelayMs?: number;
}

/**
 * Runs a database write until it succeeds, waiting longer after each failure (0.5 s, doubling, up to
 * 30 s or `maxDelayMs`): a full disk or a database away for a while must not lose a recording's status.
 * A rule the data refuses (not found, conflict, invalid) is not retried; a shutdown stops retrying. Null
 * when not written.
 */
export async function writeUntilSaved<T>(
  what: string,
  write: () => Promise<T>,
  ctx: DurableWriteContext,
): Promise<T | null> {
  const { log } = ctx;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (err instanceof NotFoundError || err instanceof ConflictError || err instanceof InvalidInputError) {
        log.error({ err }, `${what} was refused`);
        return null;
      }
      if (ctx.stopping()) {
        log.error({ err }, `${what} was not saved before shutdown; the next start picks the recording up`);
        return null;
      }
      const delay = Math.min(ctx.maxDelayMs ?? 30_000, 500 * 2 ** Math.min(attempt - 1, 6));
      log.error({ err, attempt, retry_in_ms: delay }, `${what} could not be saved; retrying`);
      await ctx.clock.sleep(delay, ctx.signal);
    }
  }
}
