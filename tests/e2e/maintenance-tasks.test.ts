import { afterAll, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bus } from "../../src/bus/bus.ts";
import { CategoryArtSync } from "../../src/channels/category-art.service.ts";
import { CategoryMetadataSync } from "../../src/channels/category-metadata.service.ts";
import { createRepository } from "../../src/db/repository.ts";
import { EventSubManager } from "../../src/eventsub/subscriptions.service.ts";
import { PlaybackCache } from "../../src/playback-cache/playback-cache.service.ts";
import { LocalStorage } from "../../src/storage/local.storage.ts";
import type { TaskEvents } from "../../src/tasks/events.ts";
import { TaskScheduler } from "../../src/tasks/scheduler.ts";
import { standardTasks } from "../../src/tasks/standard-tasks.ts";
import { twitchEndpoints } from "../../src/twitch/endpoints.ts";
import { HelixClient } from "../../src/twitch/helix.client.ts";
import { freshDatabase } from "../support/databases.ts";
import { quiet, simulator } from "../support/recorder.ts";

// The standard tasks that talk to Twitch, run by the scheduler against the simulator.
const sim = simulator({ seed: 7 });
afterAll(() => sim.stop());

test("EventSub reconcile fails while Twitch errors and the next run recovers; snapshot and box art land", async () => {
  const database = await freshDatabase("sqlite");
  const repo = createRepository(await database.open());
  const endpoints = twitchEndpoints({
    client_id: "",
    client_secret: "",
    simulator_url: sim.url,
    helix_url: "",
    oauth_url: "",
    gql_url: "",
    usher_url: "",
  });
  const helix = new HelixClient({ endpoints, clientId: "replayd-test", clientSecret: "x" });
  const receiver = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: async (req) =>
      new Response(((await req.json()) as { challenge?: string }).challenge ?? "", { status: 200 }),
  });
  const callback = `http://127.0.0.1:${receiver.port}/api/v1/webhook/callback`;
  const eventsub = new EventSubManager({
    repo,
    helix,
    callback,
    secret: () => "0123456789abcdef",
    log: quiet,
  });
  const bus = new Bus<TaskEvents>();
  const outcomes = new Map<string, TaskEvents["task.status"][]>();
  bus.on("task.status", (e) => {
    if (e.status !== "running") outcomes.set(e.name, [...(outcomes.get(e.name) ?? []), e]);
  });
  const ended = (name: string, runs: number) =>
    new Promise<TaskEvents["task.status"]>((resolve, reject) => {
      const check = () => {
        const done = outcomes.get(name) ?? [];
        if (done.length >= runs) {
          off();
          clearTimeout(timer);
          resolve(done[runs - 1] as TaskEvents["task.status"]);
        }
      };
      const off = bus.on("task.status", check);
      const timer = setTimeout(() => {
        off();
        reject(new Error(`${name} did not end run ${runs} in time`));
      }, 20_000);
      check();
    });
  const scheduler = new TaskScheduler({ repo, bus, log: quiet, tickMs: 60_000 });
  const dataDir = mkdtempSync(join(tmpdir(), "replayd-tasks-"));
  const storage = new LocalStorage(dataDir);

  try {
    const state = (await (await fetch(`${sim.url}/sim/state`)).json()) as {
      users: { id: string; login: string }[];
    };
    for (const login of ["kitchen_lab", "speedrun_sam"]) {
      const id = state.users.find((u) => u.login === login)?.id as string;
      await repo.channels.upsert({ broadcaster_id: id, broadcaster_login: login, broadcaster_name: login });
    }
    await repo.categories.upsert({ id: "27471", name: "Minecraft" });

    await sim.control("/faults", { eventsub_create_error_rate: 1 });
    await scheduler.start(
      standardTasks({
        repo,
        storage,
        playbackCache: new PlaybackCache({
          repo,
          storage,
          scratchRoot: join(dataDir, "scratch"),
          dataDir,
          ffmpegPath: "ffmpeg",
          ffprobePath: "ffprobe",
          log: quiet,
          recorderFloor: () => 0,
        }),
        categoryArt: new CategoryArtSync({ repo, helix }),
        // IGDB has its own test (category-metadata.test.ts): without a client here, the task only skips.
        categoryMetadata: new CategoryMetadataSync({ repo, igdb: null }),
        eventsub,
        retention: { fetch_logs_days: 14, event_logs_days: 14 },
      }),
    );
    const failed = await ended("eventsub_reconcile_channels", 1);
    expect(failed.status).toBe("failed");
    expect((await repo.tasks.get("eventsub_reconcile_channels"))?.last_error).toBeTruthy();

    expect((await ended("eventsub_snapshot", 1)).status).toBe("success");
    expect(await repo.eventsub.latestSnapshot()).not.toBeNull();
    expect((await ended("category_art_sync", 1)).status).toBe("success");
    expect((await repo.categories.getById("27471"))?.box_art_url).toContain("27471");

    // Twitch answers again: run-now, and the subscriptions are all there.
    await sim.control("/faults", { eventsub_create_error_rate: 0 });
    await scheduler.runNow("eventsub_reconcile_channels");
    expect((await ended("eventsub_reconcile_channels", 2)).status).toBe("success");
    const runs = await repo.eventLogs.list({ limit: 50, offset: 0, domain: "task" });
    expect(
      runs.data.find((l) => l.data?.task === "eventsub_reconcile_channels" && l.event_type === "run_success"),
    ).toMatchObject({
      data: { created: 4, deleted: 0 },
    });
    expect((await helix.subscriptions()).data).toHaveLength(4);
  } finally {
    await scheduler.stop();
    await sim.control("/faults", { eventsub_create_error_rate: 0 });
    await eventsub.revokeAll("test over").catch(() => 0);
    receiver.stop(true);
    await database.dispose();
  }
}, 60_000);
