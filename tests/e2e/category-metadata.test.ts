import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bootstrap } from "../../src/boot/bootstrap.ts";
import { loadConfig } from "../../src/config/load.ts";
import type { TaskEvents } from "../../src/tasks/events.ts";
import { standardTasks } from "../../src/tasks/standard-tasks.ts";
import { quiet, simulator } from "../support/recorder.ts";
import { until } from "../support/until.ts";

// Category metadata from IGDB, as `bootstrap` wires it: the scheduler runs category art (Helix /games gives
// each category its IGDB id), which asks for the metadata task at once; that task asks the simulator's IGDB
// in batches of 100 with the Twitch app token. Without a Twitch application the task is skipped, saying why.
const sim = simulator({ seed: 23 });
afterAll(() => sim.stop());
const DAY = 24 * 3600 * 1000;
const MANY = 130;

async function boot(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "replayd-igdb-"));
  const config = loadConfig({ cwd: dir, env: { DATA_DIR: dir, ...env } });
  return bootstrap(config, quiet, {});
}

/** The scheduler running only the named standard tasks, as app.ts starts them. */
async function startTasks(booted: Awaited<ReturnType<typeof boot>>, names: string[]) {
  const { services } = booted;
  const tasks = standardTasks({
    ...services,
    eventsub: null,
    runTaskNow: (name) => services.scheduler.runNow(name),
    retention: { fetch_logs_days: 14, event_logs_days: 14 },
  }).filter((t) => names.includes(t.name));
  const ended: TaskEvents["task.status"][] = [];
  services.bus.on("task.status", (e) => {
    if (e.status !== "running") ended.push(e);
  });
  await services.scheduler.start(tasks);
  return ended;
}

describe("category metadata from IGDB", () => {
  test("categories get IGDB's description, genres and year, in batches of 100; rechecked after 7 days", async () => {
    // More categories than one IGDB query takes: the simulator makes their games up from their IGDB ids.
    for (let n = 0; n < MANY; n++) {
      await sim.control("/categories", {
        id: String(700_000 + n),
        name: `Sim Game ${n}`,
        igdb_id: String(80_000 + n),
      });
    }
    const booted = await boot({ TWITCH_SIMULATOR_URL: sim.url });
    const { repo, categoryMetadata } = booted.services;
    try {
      // Categories as live detection stores them: id and name, nothing else yet.
      await repo.categories.upsertMany([
        { id: "27471", name: "Minecraft" },
        { id: "509658", name: "Just Chatting" },
        ...Array.from({ length: MANY }, (_, n) => ({ id: String(700_000 + n), name: `Sim Game ${n}` })),
      ]);
      const ended = await startTasks(booted, ["category_art_sync", "category_metadata_sync"]);
      await until(
        "every game described",
        async () =>
          (await repo.categories.listMissingArt(1)).length === 0 &&
          (await repo.categories.getById("27471"))?.description_checked_at &&
          (await repo.categories.listNeedingMetadata(new Date(Date.now() - 7 * DAY).toISOString(), 1))
            .length === 0,
        30_000,
      );

      expect(await repo.categories.getById("27471")).toMatchObject({
        igdb_id: "121",
        description: expect.stringContaining("blocks"),
        genres: ["Simulator", "Adventure", "Indie"],
        release_year: 2011,
      });
      // Not a game: IGDB is never asked about it.
      expect(await repo.categories.getById("509658")).toMatchObject({
        igdb_id: null,
        description: null,
        genres: [],
        description_checked_at: null,
      });
      const made = await repo.categories.getById("700042");
      expect(made?.description).toMatch(/^Sim Game 42 is a .+ game that came out in \d{4}\.$/);
      expect(made?.genres.length).toBeGreaterThan(0);
      expect(made?.release_year).toBeGreaterThanOrEqual(1995);

      // 131 games: two IGDB queries, with the app token Helix uses.
      const calls = (await repo.fetchLogs.list({ limit: 100, offset: 0 })).data;
      const igdb = calls.filter((c) => c.fetch_type === "IGDB POST /games");
      expect(igdb.map((c) => c.status)).toEqual([200, 200]);
      const runs = ended.filter((e) => e.name === "category_metadata_sync" && e.status === "success");
      expect(runs.length).toBeGreaterThanOrEqual(1);
      const logged = await repo.eventLogs.list({ limit: 50, offset: 0, domain: "task" });
      expect(logged.data.map((l) => l.message)).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^task category_metadata_sync succeeded in \\d+ ms: ${MANY + 1} categories checked on IGDB, ${MANY + 1} described$`,
          ),
        ),
      );
      await booted.services.scheduler.stop();

      // IGDB's page for a game changes; replayd sees it at the weekly recheck, not before.
      await sim.control("/categories", {
        id: "700042",
        name: "Sim Game 42",
        igdb_id: "80042",
        game: { summary: "Rewritten by IGDB's editors.", genres: ["Puzzle"], release_year: 2003 },
      });
      expect(await categoryMetadata.run(new Date(Date.now() + 6 * DAY))).toEqual({
        kind: "done",
        checked: 0,
        described: 0,
      });
      expect((await repo.categories.getById("700042"))?.description).toBe(made?.description ?? "");
      expect(await categoryMetadata.run(new Date(Date.now() + 8 * DAY))).toEqual({
        kind: "done",
        checked: MANY + 1,
        described: MANY + 1,
      });
      expect(await repo.categories.getById("700042")).toMatchObject({
        description: "Rewritten by IGDB's editors.",
        genres: ["Puzzle"],
        release_year: 2003,
      });
    } finally {
      await booted.services.scheduler.stop();
      await booted.close();
    }
  }, 60_000);

  test("a game IGDB does not know is checked with nothing, and IGDB failing fails the run with its reason", async () => {
    const booted = await boot({ TWITCH_SIMULATOR_URL: sim.url });
    const { repo, categoryMetadata } = booted.services;
    try {
      await repo.categories.upsert({ id: "1", name: "Lost Game", igdb_id: "987654321" });
      expect(await categoryMetadata.run(new Date())).toEqual({ kind: "done", checked: 1, described: 0 });
      expect(await repo.categories.getById("1")).toMatchObject({ description: null, genres: [] });
      expect((await repo.categories.getById("1"))?.description_checked_at).not.toBeNull();

      await repo.categories.upsert({ id: "27471", name: "Minecraft", igdb_id: "121" });
      await sim.control("/faults", { igdb_malformed_rate: 1 });
      await expect(categoryMetadata.run(new Date())).rejects.toThrow(
        /^IGDB \/games answered an unexpected shape: 0\.id/,
      );
      // Nothing was marked checked: the next run asks again.
      expect((await repo.categories.getById("27471"))?.description_checked_at).toBeNull();
    } finally {
      await sim.control("/faults", { igdb_malformed_rate: 0 });
      await booted.close();
    }
  }, 30_000);

  test("without a Twitch application the task is skipped, and the log says which settings it needs", async () => {
    // Twitch's real endpoints and no credentials: nothing may be sent anywhere.
    const booted = await boot({ TWITCH_CLIENT_ID: "", TWITCH_CLIENT_SECRET: "" });
    const { repo } = booted.services;
    try {
      await repo.categories.upsert({ id: "27471", name: "Minecraft", igdb_id: "121" });
      const ended = await startTasks(booted, ["category_metadata_sync"]);
      const run = await until("the first run", async () =>
        ended.find((e) => e.name === "category_metadata_sync"),
      );
      expect(run.status).toBe("skipped");
      expect((await repo.tasks.get("category_metadata_sync"))?.last_status).toBe("skipped");
      const logged = await repo.eventLogs.list({ limit: 10, offset: 0, domain: "task" });
      expect(logged.data[0]?.message).toMatch(
        /^task category_metadata_sync skipped in \d+ ms: no Twitch application configured \(TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET\): IGDB takes its credentials$/,
      );
      expect((await repo.categories.getById("27471"))?.description_checked_at).toBeNull();
      expect((await repo.fetchLogs.list({ limit: 10, offset: 0 })).data).toEqual([]);
    } finally {
      await booted.services.scheduler.stop();
      await booted.close();
    }
  }, 30_000);
});
