import type { JsonObject } from "../domain/json.ts";
import type { TaskDefinition } from "../domain/ops.ts";
import type { Logger } from "../log/logger.ts";

/** What a task's run gets besides its abort signal. */
export interface TaskContext {
  log: Logger;
  now: () => Date;
}

/**
 * What a run reports. `skipped`: there was nothing it could do (e.g. a retention of 0 days); `summary`
 * goes into the event log's message and `data` next to it.
 */
export interface TaskResult {
  status?: "success" | "skipped";
  summary?: string;
  data?: JsonObject;
  /** Nothing needed doing: the event log entry is `debug`, so frequent tasks do not flood the log. */
  idle?: boolean;
}

/**
 * One maintenance task: its row in `tasks` (name, description, interval, enabled by default) and its
 * work. `run` must stop soon after `signal` aborts (timeout or shutdown); a run that throws failed.
 */
export interface ScheduledTask extends TaskDefinition {
  run(ctx: TaskContext, signal: AbortSignal): Promise<TaskResult | undefined>;
}
