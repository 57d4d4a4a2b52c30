import { eq, sql } from "drizzle-orm";
import { NotFoundError } from "../../domain/errors.ts";
import type { Task, TaskDefinition, TaskOutcome } from "../../domain/ops.ts";
import type { SqlClient, Tables } from "../sql/client.ts";
import {
  allColumns,
  insertInto,
  onConflictDoUpdate,
  returning,
  select,
  takeExcluded,
  update,
} from "../sql/query.ts";
import { type Clock, isoNow, isoPlus } from "./clock.ts";

/** Each run has this long (as in the scheduler); a `running` row older than that was abandoned. */
export const TASK_RUN_TIMEOUT_MS = 10 * 60_000;

/** The maintenance scheduler's state: one row per task, surviving restarts. */
export interface TaskRepository {
  /**
   * Registers the tasks this process runs: new ones are created (due now), known ones get their
   * description and interval refreshed and keep their enabled flag and next run.
   */
  register(definitions: readonly TaskDefinition[]): Promise<void>;
  list(): Promise<Task[]>;
  get(name: string): Promise<Task | null>;
  /**
   * Enabled, scheduled tasks whose next run is now or past (never-run first), and not running. A run that
   * started longer ago than the run timeout counts as dead (its process crashed).
   */
  listDue(): Promise<Task[]>;
  /** @throws NotFoundError */
  markRunning(name: string): Promise<Task>;
  /**
   * Marks the task running only if it is still due and nobody runs it (the check and the write are one
   * statement, so two schedulers sharing a database never both start it). Null when it is not (or no
   * longer) due, disabled, running elsewhere, or unknown.
   */
  claimDue(name: string): Promise<Task | null>;
  /**
   * Stores the outcome. The next run is `interval` after now, unless a run was requested meanwhile.
   * @throws NotFoundError
   */
  markFinished(name: string, outcome: TaskOutcome): Promise<Task>;
  /** Enabling a task with no next run makes it due now. @throws NotFoundError */
  setEnabled(name: string, enabled: boolean): Promise<Task>;
  /** Makes the task due now (ignored by the scheduler while it is disabled). @throws NotFoundError */
  requestRun(name: string): Promise<Task>;
}

/** Enabled, scheduled, next run reached, and not running (or its run outlived the timeout: a dead process). */
function dueNow(tasks: Tables["tasks"], clock: Clock) {
  return sql`${tasks.is_enabled} = true and ${tasks.interval_seconds} > 0
    and (${tasks.next_run_at} is null or ${tasks.next_run_at} <= ${sql.param(isoNow(clock), tasks.next_run_at)})
    and (${tasks.last_status} <> 'running' or ${tasks.last_run_at} < ${sql.param(isoPlus(clock, -TASK_RUN_TIMEOUT_MS), tasks.last_run_at)})`;
}

export function createTaskRepository(db: SqlClient, clock: Clock): TaskRepository {
  const { tasks } = db.tables;
  const columns = allColumns(tasks);
  const change = async (name: string, set: Parameters<typeof update<typeof tasks>>[1]) => {
    const task = await db.first(returning(tasks, update(tasks, set, eq(tasks.name, name))));
    if (!task) throw new NotFoundError(`no task ${name}`);
    return task;
  };
  return {
    async register(definitions) {
      if (definitions.length === 0) return;
      const now = isoNow(clock);
      const rows = definitions.map((d) => ({
        name: d.name,
        description: d.description,
        interval_seconds: d.interval_seconds,
        is_enabled: d.enabled_by_default ?? true,
        created_at: now,
        updated_at: now,
      }));
      await db.run(
        sql`${insertInto(tasks, rows)} ${onConflictDoUpdate(tasks, [tasks.name], takeExcluded(tasks, ["description", "interval_seconds", "updated_at"]))}`,
      );
    },

    list: () => db.all(select(columns, sql`from ${tasks} order by ${tasks.name}`)),

    get: (name) => db.first(select(columns, sql`from ${tasks} where ${eq(tasks.name, name)}`)),

    listDue: () =>
      db.all(
        select(
          columns,
          sql`from ${tasks} where ${dueNow(tasks, clock)}
              order by ${tasks.next_run_at} nulls first, ${tasks.name}`,
        ),
      ),

    markRunning(name) {
      const now = isoNow(clock);
      return change(name, {
        last_status: "running",
        last_run_at: now,
        next_run_at: null,
        last_error: null,
        updated_at: now,
      });
    },

    claimDue(name) {
      const now = isoNow(clock);
      const set = {
        last_status: "running" as const,
        last_run_at: now,
        next_run_at: null,
        last_error: null,
        updated_at: now,
      };
      return db.first(
        returning(tasks, update(tasks, set, sql`${eq(tasks.name, name)} and ${dueNow(tasks, clock)}`)),
      );
    },

    markFinished: (name, outcome) =>
      db.transaction(async (tx) => {
        const t = tx.tables.tasks;
        const task = await tx.first(select(allColumns(t), sql`from ${t} where ${eq(t.name, name)}`));
        if (!task) throw new NotFoundError(`no task ${name}`);
        const now = clock();
        const next = new Date(now.getTime() + task.interval_seconds * 1000).toISOString();
        const done = await tx.one(
          returning(
            t,
            update(
              t,
              {
                last_status: outcome.status,
                last_duration_ms: Math.round(outcome.duration_ms),
                last_error: outcome.error ?? null,
                // A "run now" during the run set next_run_at: it wins.
                next_run_at: sql`coalesce(${t.next_run_at}, ${sql.param(next, t.next_run_at)})`,
                updated_at: now.toISOString(),
              },
              eq(t.name, name),
            ),
          ),
        );
        return done;
      }),

    setEnabled: (name, enabled) =>
      db.transaction(async (tx) => {
        const t = tx.tables.tasks;
        const now = isoNow(clock);
        const set = enabled
          ? {
              is_enabled: true,
              next_run_at: sql`coalesce(${t.next_run_at}, ${sql.param(now, t.next_run_at)})`,
              updated_at: now,
            }
          : { is_enabled: false, updated_at: now };
        const task = await tx.first(returning(t, update(t, set, eq(t.name, name))));
        if (!task) throw new NotFoundError(`no task ${name}`);
        return task;
      }),

    requestRun(name) {
      const now = isoNow(clock);
      return change(name, { next_run_at: now, updated_at: now });
    },
  };
}
