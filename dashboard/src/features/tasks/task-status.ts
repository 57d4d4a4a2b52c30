// Maintenance tasks as the owner sees them: the list kept current by `task.status` events, and how each
// task's schedule reads.

export type TaskStatus = "pending" | "running" | "success" | "failed" | "skipped";

/** The fields of a `task.list` row this module reads and writes. */
export interface TaskRow {
  name: string;
  interval_seconds: number;
  is_enabled: boolean;
  last_run_at: string | null;
  last_duration_ms: number;
  last_status: TaskStatus;
  last_error: string | null;
  next_run_at: string | null;
}

/** One `task.status` event. */
export interface TaskStatusEvent {
  name: string;
  status: TaskStatus;
  duration_ms: number | null;
  error: string | null;
  next_run_at: string | null;
  at: string;
}

/**
 * Applies one event to the list, so a run shows running → success without a refetch. Unknown task names
 * leave the list as is (the caller refetches to pick up a task it has not seen).
 */
export function applyTaskEvent<T extends TaskRow>(tasks: readonly T[], event: TaskStatusEvent): T[] {
  return tasks.map((task) => {
    if (task.name !== event.name) return task;
    if (event.status === "running") {
      return {
        ...task,
        last_status: "running",
        last_run_at: event.at,
        last_error: null,
        next_run_at: event.next_run_at,
      };
    }
    return {
      ...task,
      last_status: event.status,
      last_error: event.error,
      last_duration_ms: event.duration_ms ?? task.last_duration_ms,
      next_run_at: event.next_run_at,
    };
  });
}

/** Whether an event ends a run (then the list is refetched for the server's exact times). */
export function endsRun(event: TaskStatusEvent): boolean {
  return event.status !== "running" && event.status !== "pending";
}

/** How a task is scheduled: every N seconds, or only when someone asks. */
export type TaskSchedule = { kind: "manual" } | { kind: "interval"; seconds: number };

export function taskSchedule(task: Pick<TaskRow, "interval_seconds">): TaskSchedule {
  return task.interval_seconds > 0
    ? { kind: "interval", seconds: task.interval_seconds }
    : { kind: "manual" };
}

/** 90 → { value: 90, unit: "second" }, 600 → 10 minutes, 86400 → 1 day: the largest whole unit. */
export function intervalParts(seconds: number): {
  value: number;
  unit: "second" | "minute" | "hour" | "day";
} {
  if (seconds > 0 && seconds % 86_400 === 0) return { value: seconds / 86_400, unit: "day" };
  if (seconds > 0 && seconds % 3_600 === 0) return { value: seconds / 3_600, unit: "hour" };
  if (seconds > 0 && seconds % 60 === 0) return { value: seconds / 60, unit: "minute" };
  return { value: seconds, unit: "second" };
}

/** What the "next run" cell says. */
export type NextRun =
  | { kind: "running" }
  | { kind: "paused" }
  | { kind: "manual" }
  | { kind: "due" }
  | { kind: "at"; iso: string };

export function nextRun(task: TaskRow, now: number): NextRun {
  if (task.last_status === "running") return { kind: "running" };
  if (!task.is_enabled) return { kind: "paused" };
  // A manual task with a run asked for has a next_run_at; without one it only runs on request.
  if (task.interval_seconds <= 0 && task.next_run_at === null) return { kind: "manual" };
  if (task.next_run_at === null) return { kind: "due" };
  const at = Date.parse(task.next_run_at);
  if (Number.isNaN(at) || at <= now) return { kind: "due" };
  return { kind: "at", iso: task.next_run_at };
}

/** The tasks at a glance (System's overview): how many, which failed last time, which run now, how many paused. */
export interface TaskSummary {
  total: number;
  failed: string[];
  running: string[];
  paused: number;
}

export function taskSummary(
  tasks: readonly Pick<TaskRow, "name" | "is_enabled" | "last_status">[],
): TaskSummary {
  return {
    total: tasks.length,
    failed: tasks.filter((t) => t.last_status === "failed").map((t) => t.name),
    running: tasks.filter((t) => t.last_status === "running").map((t) => t.name),
    paused: tasks.filter((t) => !t.is_enabled).length,
  };
}
