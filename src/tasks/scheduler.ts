import type { EventBus } from "../bus/bus.ts";
import { TASK_RUN_TIMEOUT_MS } from "../db/repos/tasks.repo.ts";
import type { Repository } from "../db/repository.ts";
import type { EventLogDomain, Severity, Task, TaskOutcome, TaskView } from "../domain/ops.ts";
import type { Logger } from "../log/logger.ts";
import type { TaskEvents } from "./events.ts";
import type { ScheduledTask, TaskResult } from "./task.ts";

export interface TaskSchedulerOptions {
  repo: Pick<Repository, "tasks" | "eventLogs">;
  bus: EventBus<TaskEvents>;
  log: Logger;
  /** How often due tasks are looked for (default 15 s; tests use less). */
  tickMs?: number;
  /** A run still going after this long is aborted and counts as failed (default 10 min). */
  runTimeoutMs?: number;
  /** How long `stop` lets running tasks finish before aborting them (default 5 s). */
  stopGraceMs?: number;
}

/** What the API (task.list, task.runNow, task.toggle) needs of the scheduler. */
export interface TaskSchedulerApi {
  list(): Promise<TaskView[]>;
  /** Makes the task due now and looks at once, so it starts within this tick (ignored while disabled). */
  runNow(name: string): Promise<TaskView>;
  setEnabled(name: string, enabled: boolean): Promise<TaskView>;
}

interface Run {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * The maintenance ticker: every tick it starts the due tasks of the `tasks` table, each at most once at a
 * time (in this process by the `running` map, across processes by claiming the row), each with a timeout.
 * Outcomes go to the task's row, to `event_logs`, and to the bus as `task.status`.
 */
export class TaskScheduler implements TaskSchedulerApi {
  private readonly tasks = new Map<string, ScheduledTask>();
  private readonly running = new Map<string, Run>();
  private state: "idle" | "started" | "stopped" = "idle";
  private timer: ReturnType<typeof setInterval> | null = null;
  private ticking: Promise<void> | null = null;
  private tickAgain = false;
  private stopping: Promise<void> | null = null;
  private readonly tickMs: number;
  private readonly runTimeoutMs: number;
  private readonly stopGraceMs: number;

  constructor(private readonly options: TaskSchedulerOptions) {
    this.tickMs = options.tickMs ?? 15_000;
    this.runTimeoutMs = options.runTimeoutMs ?? TASK_RUN_TIMEOUT_MS;
    this.stopGraceMs = options.stopGraceMs ?? 5_000;
  }

  /** Registers the tasks (known ones keep their state), then ticks now and every `tickMs`. */
  async start(tasks: readonly ScheduledTask[]): Promise<void> {
    if (this.state !== "idle") throw new Error("the task scheduler was already started");
    const names = new Set<string>();
    for (const task of tasks) {
      if (names.has(task.name)) throw new Error(`two scheduled tasks are named ${task.name}`);
      names.add(task.name);
    }
    await this.options.repo.tasks.register(
      tasks.map((t) => ({
        name: t.name,
        description: t.description,
        interval_seconds: t.interval_seconds,
        enabled_by_default: t.enabled_by_default ?? true,
      })),
    );
    for (const task of tasks) this.tasks.set(task.name, task);
    this.state = "started";
    this.timer = setInterval(() => void this.tick(), this.tickMs);
    void this.tick();
  }

  async list(): Promise<TaskView[]> {
    return (await this.options.repo.tasks.list()).map((task) => this.view(task));
  }

  async runNow(name: string): Promise<TaskView> {
    const task = await this.options.repo.tasks.requestRun(name);
    if (task.is_enabled) void this.tick();
    return this.view(task);
  }

  async setEnabled(name: string, enabled: boolean): Promise<TaskView> {
    const task = await this.options.repo.tasks.setEnabled(name, enabled);
    if (enabled) void this.tick();
    return this.view(task);
  }

  /** A row with its description's values, from this process's definition (none for one it does not know). */
  private view(task: Task): TaskView {
    return { ...task, description_values: this.tasks.get(task.name)?.description_values ?? {} };
  }

  /** Names of the tasks running in this process now. */
  runningNow(): string[] {
    return [...this.running.keys()];
  }

  /**
   * Starts every due task not already running here. Resolves once they have started (not finished).
   * Ticks never overlap: one asked for during a tick runs right after it.
   */
  tick(): Promise<void> {
    if (this.state !== "started") return Promise.resolve();
    if (this.ticking) {
      this.tickAgain = true;
      return this.ticking;
    }
    this.ticking = (async () => {
      try {
        do {
          this.tickAgain = false;
          try {
            for (const due of await this.options.repo.tasks.listDue()) {
              const task = this.tasks.get(due.name);
              if (task && !this.running.has(task.name) && this.state === "started") await this.launch(task);
            }
          } catch (err) {
            this.options.log.warn({ err }, "could not look for due maintenance tasks; next tick retries");
          }
        } while (this.tickAgain && this.state === "started");
      } finally {
        this.ticking = null;
      }
    })();
    return this.ticking;
  }

  /**
   * Stops ticking, lets running tasks finish for the grace period, then aborts them (their runs are
   * recorded as failed). Idempotent.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.state = "stopped";
      if (this.timer) clearInterval(this.timer);
      await this.ticking;
      const runs = [...this.running.values()];
      if (runs.length === 0) return;
      const settled = Promise.all(runs.map((r) => r.done));
      if (await within(settled, this.stopGraceMs)) return;
      this.options.log.warn(
        { tasks: [...this.running.keys()], grace_ms: this.stopGraceMs },
        "maintenance tasks still running at shutdown; aborting them",
      );
      for (const run of runs) run.controller.abort(new Error("aborted: replayd is shutting down"));
      await within(settled, 2_000);
    })();
    return this.stopping;
  }

  private async launch(task: ScheduledTask): Promise<void> {
    const controller = new AbortController();
    let release: () => void = () => {};
    const run: Run = { controller, done: new Promise<void>((resolve) => (release = resolve)) };
    this.running.set(task.name, run);
    let claimed: Task | null = null;
    try {
      claimed = await this.options.repo.tasks.claimDue(task.name);
    } catch (err) {
      this.options.log.warn({ err, task: task.name }, "could not start a maintenance task");
    }
    if (!claimed) {
      this.running.delete(task.name);
      release();
      return;
    }
    this.publish(claimed, null);
    void this.execute(task, controller).then(() => {
      this.running.delete(task.name);
      release();
      // A "run now" (or enable) that came while it ran was skipped by the guard: look again at once.
      if (this.state === "started") void this.tick();
    });
  }

  /** Runs the task to its end (or its abort) and records the outcome; resolves once the work has ended. */
  private async execute(task: ScheduledTask, controller: AbortController): Promise<void> {
    const { log } = this.options;
    const signal = controller.signal;
    const started = performance.now();
    const timeout = setTimeout(
      () => controller.abort(new Error(`timed out after ${Math.round(this.runTimeoutMs / 1000)} s`)),
      this.runTimeoutMs,
    );
    const work = Promise.resolve().then(() =>
      task.run({ log: log.child({ task: task.name }), now: () => new Date() }, signal),
    );
    let result: TaskResult | undefined;
    let error: string | null = null;
    try {
      result = await untilAborted(work, signal);
    } catch (err) {
      error = signal.aborted ? reasonOf(signal) : err instanceof Error ? err.message : String(err);
    } finally {
      clearTimeout(timeout);
    }
    const outcome: TaskOutcome = {
      status: error !== null ? "failed" : (result?.status ?? "success"),
      duration_ms: performance.now() - started,
      error,
    };
    try {
      const finished = await this.options.repo.tasks.markFinished(task.name, outcome);
      await this.options.repo.eventLogs.append(eventLogEntry(task.name, outcome, result));
      this.publish(finished, outcome.duration_ms);
    } catch (err) {
      log.error({ err, task: task.name }, "could not record a maintenance task's outcome");
    }
    if (outcome.status === "failed") log.warn({ task: task.name, error }, "maintenance task failed");
    else log.debug({ task: task.name, ms: Math.round(outcome.duration_ms) }, "maintenance task ran");
    // A task that ignored its abort still counts as running here until it really ends: never two at once.
    await work.catch(() => {});
  }

  private publish(task: Task, durationMs: number | null): void {
    this.options.bus.emit("task.status", {
      name: task.name,
      status: task.last_status,
      duration_ms: durationMs === null ? null : Math.round(durationMs),
      error: task.last_error,
      next_run_at: task.next_run_at,
      at: new Date().toISOString(),
    });
  }
}

function eventLogEntry(name: string, outcome: TaskOutcome, result: TaskResult | undefined) {
  const ms = Math.round(outcome.duration_ms);
  // Routine runs are debug: the logs page shows what needs a reader (failures) unless asked for more.
  const severity: Severity = outcome.status === "failed" ? "error" : "debug";
  const message =
    outcome.status === "failed"
      ? `task ${name} failed after ${ms} ms: ${outcome.error}`
      : `task ${name} ${outcome.status === "skipped" ? "skipped" : "succeeded"} in ${ms} ms${result?.summary ? `: ${result.summary}` : ""}`;
  return {
    domain: "task" satisfies EventLogDomain,
    event_type: `run_${outcome.status}`,
    severity,
    message,
    data: {
      task: name,
      duration_ms: ms,
      ...(result?.data ?? {}),
      ...(outcome.error ? { error: outcome.error } : {}),
    },
  };
}

/** The work's result, or a rejection as soon as the signal aborts (the work may go on; see execute). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : String(reason ?? "aborted");
}

/** Whether `promise` settles within `ms`. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true as const), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
