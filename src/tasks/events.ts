import type { EventLog, TaskStatus } from "../domain/ops.ts";

/** What the maintenance scheduler announces on the bus (the API's SSE subscriptions forward it). */
export interface TaskEvents extends Record<string, unknown> {
  /** A run started (`running`) or ended (`success`, `failed`, `skipped`). */
  "task.status": {
    name: string;
    status: TaskStatus;
    /** Set when a run ended. */
    duration_ms: number | null;
    error: string | null;
    next_run_at: string | null;
    at: string;
  };
  /** An entry was written to the event log (the owner's live log view). */
  "system.event": EventLog;
}
