import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/connection.ts";
import { createRepository } from "../../src/db/repository.ts";
import { prepareDataFolder } from "../support/data-folder.ts";
import { freePort } from "../support/ports.ts";
import { simulator } from "../support/recorder.ts";
import { RECORD_EVERYTHING } from "../support/schedule-rule.ts";
import { type ServerProcess, spawnServer } from "../support/server-process.ts";
import { until } from "../support/until.ts";

// replayd in direct mode against the simulator: EventSub subscriptions reconciled at start, notifications
// through the HMAC-checked receiver, schedules deciding what is recorded.
const MAIN = join(import.meta.dir, "..", "..", "src", "main.ts");
const sim = simulator({ warp: 1, seed: 51 });
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  await sim.stop();
});

interface SimState {
  users: { id: string; login: string }[];
  subscriptions: { type: string; status: string; condition: { broadcaster_user_id: string } }[];
}
const state = async () => (await (await fetch(`${sim.url}/sim/state`)).json()) as SimState;

describe("direct mode", () => {
  test("go-live → a recording with its first segment on disk within a second of the webhook; only matching schedules record; channel.update is followed only while recording", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "replayd-direct-"));
    const dataDir = join(cwd, "data");
    // A short rejoin window, so the recording ends soon after the stream does.
    writeFileSync(join(cwd, "config.toml"), "[recorder]\nmax_restart_gap_seconds = 1\n");
    await prepareDataFolder(
      sim.url,
      dataDir,
      ["kitchen_lab", "speedrun_sam", "retro_arena"],
      async (repo, ids) => {
        await repo.schedules.create({
          ...RECORD_EVERYTHING,
          broadcaster_id: ids.kitchen_lab as string,
          requested_by: ids.sim_viewer as string,
        });
        // Only Minecraft streams of speedrun_sam: the one below is Just Chatting, so it is not recorded.
        await repo.categories.upsert({ id: "27471", name: "Minecraft" });
        await repo.schedules.create({
          ...RECORD_EVERYTHING,
          broadcaster_id: ids.speedrun_sam as string,
          requested_by: ids.sim_viewer as string,
          has_categories: true,
          category_ids: ["27471"],
        });
      },
    );
    const port = freePort();
    const server = await spawnServer({
      cmd: [process.execPath, MAIN],
      cwd,
      env: {
        PORT: String(port),
        SERVER_MODE: "direct",
        TWITCH_SIMULATOR_URL: sim.url,
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      },
    });
    servers.push(server);

    // The reconcile subscribed every watched channel, and Twitch's verification came through our receiver.
    const subs = await until("enabled subscriptions", async () => {
      const { subscriptions } = await state();
      const enabled = subscriptions.filter((s) => s.status === "enabled");
      return enabled.length >= 6 ? enabled : null;
    });
    expect(new Set(subs.map((s) => s.type))).toEqual(new Set(["stream.online", "stream.offline"]));

    const scratch = join(dataDir, "scratch");
    const firstSegment = () =>
      existsSync(scratch) &&
      readdirSync(scratch).some((job) => {
        const dir = join(scratch, job);
        return existsSync(join(dir, "fed.jsonl"));
      });
    const liveAt = performance.now();
    await sim.control("/channels/kitchen_lab/live", {
      segment_seconds: 0.25,
      ladder: ["360p30"],
      bitrate_kbps: 300,
    });
    await until("the first segment on disk", async () => firstSegment());
    const latency = performance.now() - liveAt;
    console.log(`direct mode: go-live webhook → first segment on disk in ${Math.round(latency)} ms`);
    expect(latency).toBeLessThan(5000);

    // channel.update is followed while kitchen_lab records (titles land on the timeline), and only then.
    const updatesFor = async (id: string) =>
      (await state()).subscriptions.filter(
        (s) => s.type === "channel.update" && s.condition.broadcaster_user_id === id,
      );
    const kitchenId = (await state()).users.find((u) => u.login === "kitchen_lab")?.id as string;
    await until("channel.update while recording", async () => (await updatesFor(kitchenId)).length === 1);

    const db = await openDatabase(`sqlite:${join(dataDir, "replayd.db")}`);
    const repo = createRepository(db);
    try {
      // Our mirror (what System → Live detection lists) says enabled for every type as soon as the challenge
      // is answered, not at the next snapshot ten minutes later.
      const mirrored = await until(
        "every mirrored subscription enabled",
        async () => {
          const { data } = await repo.eventsub.listActive({ limit: 50, offset: 0 });
          return data.length === 7 && data.every((s) => s.status === "enabled") ? data : null;
        },
        3_000,
      );
      expect(new Set(mirrored.map((s) => s.type))).toEqual(
        new Set(["stream.online", "stream.offline", "channel.update"]),
      );
      await sim.control("/channels/speedrun_sam/live", {
        category_id: "509658",
        segment_seconds: 0.25,
        ladder: ["360p30"],
      });
      // Wait for the notification to be handled, then check that it recorded nothing.
      const samId = (await state()).users.find((u) => u.login === "speedrun_sam")?.id as string;
      await until("speedrun_sam's stream.online handled", async () =>
        (await repo.webhookEvents.listRecent(50)).some(
          (e) => e.event_type === "stream.online" && e.broadcaster_id === samId && e.status === "processed",
        ),
      );
      const recorded = (await repo.videos.listPage({ viewer_id: null, limit: 10 })).items.map(
        (v) => v.broadcaster_login,
      );
      expect(recorded).toEqual(["kitchen_lab"]);

      await sim.control("/channels/kitchen_lab/offline", { end: "endlist" });
      await sim.control("/channels/speedrun_sam/offline", { end: "endlist" });
      await until(
        "the recording to end",
        async () =>
          (await repo.videos.listPage({ viewer_id: null, limit: 10 })).items[0]?.status === "DONE" || null,
      );
      await until("channel.update removed once the recording ended", async () =>
        (await updatesFor(kitchenId)).length === 0 ? true : null,
      );
    } finally {
      await db.close();
    }
  }, 60_000);
});
