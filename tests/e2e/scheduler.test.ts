import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DIALECTS } from "../../src/db/contract/harness.ts";
import { createRepository, type Repository } from "../../src/db/repository.ts";
import type { Task } from "../../src/domain/ops.ts";
import { type FreshDatabase, freshDatabase } from "../support/databases.ts";
import { type ServerProcess, spawnServer } from "../support/server-process.ts";

// Acceptance 7 of issue 6: task state survives a restart; run-now runs within one tick.
const MAIN = join(import.meta.dir, "..", "..", "src", "main.ts");
const TICK_MS = 1000;
const started: ServerProcess[] = [];
const databases: FreshDatabase[] = [];

afterEach(async () => {
  for (const server of started.splice(0)) server.proc.kill("SIGKILL");
  for (const db of databases.splice(0)) await db.dispose();
});

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(20);
  }
}

const byName = (tasks: Task[]) => new Map(tasks.map((t) => [t.name, t]));
const kept = (t: Task | undefined) => ({
  is_enabled: t?.is_enabled,
  last_run_at: t?.last_run_at,
  next_run_at: t?.next_run_at,
  last_status: t?.last_status,
});

describe("the maintenance scheduler in the server process", () => {
  for (const dialect of DIALECTS) {
    test(`[${dialect}] task state survives a restart; run-now runs within one tick`, async () => {
      const database = await freshDatabase(dialect);
      databases.push(database);
      const repo: Repository = createRepository(await database.open());
      const cwd = mkdtempSync(join(tmpdir(), "replayd-e2e-tasks-"));
      writeFileSync(join(cwd, "config.toml"), `[scheduler]\ntick_seconds = ${TICK_MS / 1000}\n`);
      const start = async () => {
        const server = await spawnServer({
          cmd: [process.execPath, MAIN],
          cwd,
          env: { PORT: "0", DATABASE_URL: database.url, SERVER_MODE: "off" },
        });
        started.push(server);
        return server;
      };

      // First run: every scheduled task runs once at start. Without a Twitch application IGDB's task is
      // skipped, and so is the playback cache's while the cache is off; none fails.
      const first = await start();
      const afterFirst = await until("every scheduled task to run once", async () => {
        const tasks = await repo.tasks.list();
        const scheduled = tasks.filter((t) => t.interval_seconds > 0);
        return scheduled.length > 0 &&
          scheduled.every((t) => t.last_status === "success" || t.last_status === "skipped")
          ? tasks
          : undefined;
      });
      expect(
        afterFirst
          .filter((t) => t.last_status === "skipped")
          .map((t) => t.name)
          .sort(),
      ).toEqual(["category_metadata_sync", "playback_cache_reconcile"]);
      expect(afterFirst.map((t) => t.name)).toContain("recordings_retention");
      // Without EventSub (mode off) its tasks are shown but never scheduled.
      expect(byName(afterFirst).get("eventsub_snapshot")).toMatchObject({
        interval_seconds: 0,
        last_run_at: null,
      });
      // The dashboard's toggle (the same write the task API makes).
      await repo.tasks.setEnabled("session_cleanup", false);
      expect((await first.stop()).code).toBe(0);
      const before = byName(await repo.tasks.list());

      // Second run: nothing reruns, the flag holds; run-now of a disabled task is ignored.
      const second = await start();
      await repo.tasks.requestRun("session_cleanup");
      const asked = Date.now();
      const previousRun = before.get("fetch_logs_retention")?.last_run_at ?? "";
      await repo.tasks.requestRun("fetch_logs_retention");
      const rerun = await until(
        "the run-now",
        async () => {
          const t = await repo.tasks.get("fetch_logs_retention");
          return t && t.last_run_at !== previousRun && t.last_status === "success" ? t : undefined;
        },
        5 * TICK_MS,
      );
      const observedMs = Date.now() - asked;
      const startedAfterMs = Date.parse(rerun.last_run_at ?? "") - asked;
      console.log(
        `[${dialect}] run-now across processes: started ${startedAfterMs} ms after the request, seen finished after ${observedMs} ms (tick ${TICK_MS} ms)`,
      );
      // Another process's request is seen by the next tick (the API's own run-now ticks at once, see
      // src/tasks/scheduler.test.ts); the allowance is the tick's own two queries.
      expect(startedAfterMs).toBeLessThanOrEqual(TICK_MS + 250);
      expect(Date.parse(rerun.next_run_at ?? "") - Date.parse(rerun.last_run_at ?? "")).toBeGreaterThan(
        86_000_000,
      );

      const after = byName(await repo.tasks.list());
      for (const [name, task] of before) {
        if (name === "fetch_logs_retention") continue;
        const expected =
          name === "session_cleanup"
            ? { ...kept(task), next_run_at: after.get(name)?.next_run_at }
            : kept(task);
        expect({ name, ...kept(after.get(name)) }).toEqual({ name, ...expected });
      }
      expect(after.get("session_cleanup")).toMatchObject({
        is_enabled: false,
        last_run_at: task(before, "session_cleanup").last_run_at,
      });
      // The run's event-log line is written after its row: wait for it, then there are exactly two.
      const logged = async () =>
        (await repo.eventLogs.list({ limit: 100, offset: 0, domain: "task" })).data.filter(
          (l) => l.data?.task === "fetch_logs_retention",
        );
      await until("the run's event-log line", async () => (await logged()).length >= 2);
      expect(await logged()).toHaveLength(2);
      expect((await second.stop()).code).toBe(0);
    }, 60_000);
  }
});

function task(tasks: Map<string, Task>, name: string): Task {
  const found = tasks.get(name);
  if (!found) throw new Error(`no task ${name}`);
  return found;
}
