import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { type FreshDatabase, freshDatabase } from "../../tests/support/databases.ts";
import { Bus } from "../bus/bus.ts";
import { DIALECTS } from "../db/contract/harness.ts";
import { createRepository, type Repository } from "../db/repository.ts";
import { createLogger } from "../log/logger.ts";
import type { TaskEvents } from "./events.ts";
import { TaskScheduler, type TaskSchedulerOptions } from "./scheduler.ts";
import type { ScheduledTask, TaskResult } from "./task.ts";

const log = createLogger({ level: "fatal", format: "json" });
type Status = TaskEvents["task.status"];

/** A task whose runs the test releases one by one (a release before the run starts waits for it). */
function gatedTask(name: string, options: { interval?: number; honoursAbort?: boolean } = {}) {
  const gates: Array<() => void> = [];
  let permits = 0;
  const state = { started: 0, active: 0, maxActive: 0 };
  const task: ScheduledTask = {
    name,
    description: `test task ${name}`,
    interval_seconds: options.interval ?? 3600,
    async run(_ctx, signal) {
      state.started++;
      state.maxActive = Math.max(state.maxActive, ++state.active);
      try {
        await new Promise<void>((resolve, reject) => {
          if (permits > 0) {
            permits--;
            return resolve();
          }
          gates.push(resolve);
          if (options.honoursAbort !== false)
            signal.addEventListener("abort", () => reject(signal.reason), { once: true });
        });
      } finally {
        state.active--;
      }
      return { summary: "released" };
    },
  };
  const release = () => {
    const gate = gates.shift();
    if (gate) gate();
    else permits++;
  };
  return { task, state, release };
}

function simpleTask(
  name: string,
  run: () => Promise<TaskResult | undefined>,
  interval = 3600,
): ScheduledTask {
  return { name, description: `test task ${name}`, interval_seconds: interval, run: () => run() };
}

for (const dialect of DIALECTS) {
  describe(`task scheduler [${dialect}]`, () => {
    let database: FreshDatabase;
    let repo: Repository;
    let bus: Bus<TaskEvents>;
    let events: Status[];
    const schedulers: TaskScheduler[] = [];

    beforeEach(async () => {
      database = await freshDatabase(dialect);
      repo = createRepository(await database.open());
      bus = new Bus<TaskEvents>();
      events = [];
      bus.on("task.status", (e) => events.push(e));
    });
    afterEach(async () => {
      for (const s of schedulers.splice(0)) await s.stop();
      await database.dispose();
    });

    const scheduler = (options: Partial<TaskSchedulerOptions> = {}) => {
      const s = new TaskScheduler({ repo, bus, log, tickMs: 60_000, ...options });
      schedulers.push(s);
      return s;
    };

    /** The next `task.status` of this task with this status, within `timeoutMs`. */
    const next = (name: string, status: Status["status"], timeoutMs = 5000) =>
      new Promise<Status>((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`no ${status} of ${name} within ${timeoutMs} ms`));
        }, timeoutMs);
        const off = bus.on("task.status", (e) => {
          if (e.name !== name || e.status !== status) return;
          clearTimeout(timer);
          off();
          resolve(e);
        });
      });

    test("due tasks run at start; the outcome lands in the row, the event log and the bus", async () => {
      const ok = simpleTask("ok_task", async () => ({ summary: "deleted 3 rows", data: { deleted: 3 } }));
      const idle = simpleTask("idle_task", async () => ({ summary: "nothing to delete", idle: true }));
      const failing = simpleTask("failing_task", async () => {
        throw new Error("disk on fire");
      });
      const done = [next("ok_task", "success"), next("failing_task", "failed"), next("idle_task", "success")];
      const s = scheduler();
      await s.start([ok, failing, idle]);
      await Promise.all(done);

      const okRow = await repo.tasks.get("ok_task");
      expect(okRow).toMatchObject({ last_status: "success", last_error: null, is_enabled: true });
      expect(Date.parse(okRow?.next_run_at ?? "") - Date.now()).toBeGreaterThan(3590_000);
      const failedRow = await repo.tasks.get("failing_task");
      expect(failedRow).toMatchObject({ last_status: "failed", last_error: "disk on fire" });
      expect(failedRow?.next_run_at).not.toBeNull();

      const logs = (await repo.eventLogs.list({ limit: 10, offset: 0, domain: "task" })).data;
      const okLog = logs.find((l) => l.data?.task === "ok_task");
      expect(okLog).toMatchObject({
        event_type: "run_success",
        // Routine: the logs page shows it only when asked for debug.
        severity: "debug",
        data: { task: "ok_task", deleted: 3 },
      });
      expect(okLog?.message).toContain("deleted 3 rows");
      expect(logs.find((l) => l.event_type === "run_failed")).toMatchObject({
        severity: "error",
        data: { task: "failing_task", error: "disk on fire" },
      });
      expect(events.filter((e) => e.name === "ok_task").map((e) => e.status)).toEqual(["running", "success"]);
      // A run with nothing to do is logged at debug (frequent tasks do not flood the event log).
      expect(logs.find((l) => l.data?.task === "idle_task")).toMatchObject({ severity: "debug" });

      // Not due any more: a tick starts nothing.
      await s.tick();
      expect(events.filter((e) => e.status === "running")).toHaveLength(3);
    });

    test("never two runs of one task at once, in one process or across two", async () => {
      const gated = gatedTask("slow_task");
      const first = scheduler({ tickMs: 20 });
      const second = new TaskScheduler({
        repo: createRepository(await database.open()),
        bus,
        log,
        tickMs: 20,
      });
      schedulers.push(second);
      const running = next("slow_task", "running");
      await first.start([gated.task]);
      await second.start([gated.task]);
      await running;
      // Run-now while it runs, and many ticks of both schedulers: still one run.
      await first.runNow("slow_task");
      for (let i = 0; i < 5; i++) await Promise.all([first.tick(), second.tick()]);
      expect(gated.state).toMatchObject({ started: 1, active: 1 });
      // The run-now asked during the run starts right after it ends, once.
      const again = next("slow_task", "running");
      gated.release();
      await again;
      gated.release();
      await next("slow_task", "success");
      expect(gated.state).toMatchObject({ started: 2, maxActive: 1 });
    });

    test("a run past the timeout is aborted and recorded as failed", async () => {
      const gated = gatedTask("stuck_task");
      const s = scheduler({ runTimeoutMs: 150 });
      const failed = next("stuck_task", "failed");
      await s.start([gated.task]);
      expect((await failed).error).toBe("timed out after 0 s");
      expect(await repo.tasks.get("stuck_task")).toMatchObject({ last_status: "failed" });
      expect((await repo.tasks.get("stuck_task"))?.last_duration_ms).toBeGreaterThanOrEqual(140);
    });

    test("a task that ignores its abort is not started again while it still runs", async () => {
      const gated = gatedTask("deaf_task", { honoursAbort: false });
      const s = scheduler({ runTimeoutMs: 100 });
      const failed = next("deaf_task", "failed");
      await s.start([gated.task]);
      await failed;
      await s.runNow("deaf_task");
      await s.tick();
      expect(gated.state).toMatchObject({ started: 1, active: 1 });
      expect(s.runningNow()).toEqual(["deaf_task"]);
      const rerun = next("deaf_task", "running");
      gated.release();
      await rerun;
      expect(gated.state.maxActive).toBe(1);
      gated.release();
    });

    test("run-now starts a task within one tick; disabled tasks ignore it until enabled", async () => {
      const tickMs = 1000;
      let runs = 0;
      const task = simpleTask("quick_task", async () => {
        runs++;
        return undefined;
      });
      const s = scheduler({ tickMs });
      const first = next("quick_task", "success");
      await s.start([task]);
      await first;
      expect(runs).toBe(1);

      const asked = performance.now();
      const ran = next("quick_task", "success", tickMs);
      await s.runNow("quick_task");
      await ran;
      const ms = performance.now() - asked;
      console.log(`[${dialect}] run-now to finished run: ${ms.toFixed(1)} ms (tick ${tickMs} ms)`);
      expect(ms).toBeLessThan(tickMs);
      expect(runs).toBe(2);

      await s.setEnabled("quick_task", false);
      const ignored = await s.runNow("quick_task");
      expect(ignored.is_enabled).toBe(false);
      await s.tick();
      await s.tick();
      expect(runs).toBe(2);
      // Enabling keeps the pending request: it runs at once.
      const resumed = next("quick_task", "success", tickMs);
      await s.setEnabled("quick_task", true);
      await resumed;
      expect(runs).toBe(3);
    });

    test("the API's rows carry what each description is made of, for the dashboard to translate", async () => {
      const s = scheduler();
      const retention = {
        ...simpleTask("logs_retention", async () => undefined),
        description_values: { days: 14 },
      };
      await s.start([retention, simpleTask("plain_task", async () => undefined)]);
      const values = (rows: { name: string; description_values: object }[]) =>
        Object.fromEntries(rows.map((r) => [r.name, r.description_values]));
      expect(values(await s.list())).toEqual({ logs_retention: { days: 14 }, plain_task: {} });
      expect((await s.runNow("logs_retention")).description_values).toEqual({ days: 14 });
      expect((await s.setEnabled("logs_retention", false)).description_values).toEqual({ days: 14 });
    });

    test("state survives a new scheduler: enabled flag and next run are kept", async () => {
      const task = simpleTask("kept_task", async () => undefined);
      const s = scheduler();
      const done = next("kept_task", "success");
      await s.start([task]);
      await done;
      await s.setEnabled("kept_task", false);
      await s.stop();
      const before = await repo.tasks.get("kept_task");

      const again = scheduler();
      await again.start([{ ...task, description: "new words" }]);
      await again.tick();
      const after = await repo.tasks.get("kept_task");
      expect(after).toMatchObject({
        is_enabled: false,
        next_run_at: before?.next_run_at ?? "",
        last_run_at: before?.last_run_at ?? "",
        last_status: "success",
        description: "new words",
      });
      expect(events.filter((e) => e.status === "running")).toHaveLength(1);
    });

    test("a registry with two tasks of one name refuses to start, and registers nothing", async () => {
      const task = simpleTask("twin_task", async () => undefined);
      await expect(scheduler().start([task, task])).rejects.toThrow(
        "two scheduled tasks are named twin_task",
      );
      expect(await repo.tasks.list()).toEqual([]);
    });

    test("stop waits for running tasks within the grace, then aborts and records them", async () => {
      const finishing = gatedTask("finishing_task");
      const stuck = gatedTask("stuck_task");
      const s = scheduler({ stopGraceMs: 200 });
      const started = [next("finishing_task", "running"), next("stuck_task", "running")];
      await s.start([finishing.task, stuck.task]);
      await Promise.all(started);
      const stopping = s.stop();
      finishing.release();
      await stopping;
      expect(await repo.tasks.get("finishing_task")).toMatchObject({ last_status: "success" });
      expect(await repo.tasks.get("stuck_task")).toMatchObject({
        last_status: "failed",
        last_error: "aborted: replayd is shutting down",
      });
      expect(s.runningNow()).toEqual([]);
      await s.runNow("finishing_task");
      expect(s.runningNow()).toEqual([]);
    });
  });
}
