import type { EventLogRepository } from "../db/repos/logs.repo.ts";
import type { EventSink } from "../domain/ops.ts";
import type { Logger } from "../log/logger.ts";

/**
 * The event log as services write to it: an entry that cannot be stored (the database away, a full disk)
 * goes to the process log instead of failing the work that produced it.
 */
export function eventSink(repo: Pick<EventLogRepository, "append">, log: Pick<Logger, "warn">): EventSink {
  return {
    async write(entry) {
      try {
        await repo.append(entry);
      } catch (err) {
        log.warn(
          { err: (err as Error).message, domain: entry.domain, event_type: entry.event_type },
          `could not store an event-log entry: ${entry.message}`,
        );
      }
    },
  };
}
