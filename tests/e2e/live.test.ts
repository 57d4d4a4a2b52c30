import { afterAll, describe, expect, test } from "bun:test";
import { startLiveRuntime } from "../../src/boot/live-runtime.ts";
import type { NewSchedule } from "../../src/domain/schedules.ts";
import { CircuitOpenError, EventSubManager } from "../../src/eventsub/subscriptions.service.ts";
import { LivePoller } from "../../src/live/poller.ts";
import { quiet, simulator } from "../support/recorder.ts";
import { recorderWorld } from "../support/recorder-world.ts";
import { RECORD_EVERYTHING } from "../support/schedule-rule.ts";
import { until } from "../support/until.ts";

// Live detection over real services: the simulator's Helix and EventSub, a SQLite database, the recorder.
const sim = simulator({ warp: 2, seed: 61 });
afterAll(() => sim.stop());
const LIVE = { segment_seconds: 0.5, ladder: ["360p30"], window_segments: 30, bitrate_kbps: 300 };

async function world() {
  const { db, services } = await recorderWorld(sim.url, {
    settings: { maxRestartGapSeconds: 1 },
    maxConcurrent: 5,
    liveHydrateAttempts: 1,
  });
  const { repo, helix, bus, recorder, live } = services;
  const users = (await (await fetch(`${sim.url}/sim/state`)).json()) as {
    users: { id: string; login: string }[];
  };
  const ids = Object.fromEntries(users.users.map((u) => [u.login, u.id])) as Record<string, string>;
  await repo.users.upsertOnSignIn({
    id: ids.sim_viewer as string,
    login: "sim_viewer",
    display_name: "SimViewer",
  });
  for (const login of ["kitchen_lab", "speedrun_sam", "night_owl_music", "retro_arena", "code_garden"]) {
    await repo.channels.upsert({
      broadcaster_id: ids[login] as string,
      broadcaster_login: login,
      broadcaster_name: login,
    });
  }
  const schedule = (login: string, over: Partial<NewSchedule> = {}) =>
    repo.schedules.create({
      broadcaster_id: ids[login] as string,
      requested_by: ids.sim_viewer as string,
      ...RECORD_EVERYTHING,
      ...over,
    });
  const videos = async () => (await repo.videos.listPage({ viewer_id: null, limit: 50 })).items;
  return { db, repo, helix, bus, recorder, live, ids, schedule, videos };
}

/** Waits until the channel's recording holds some media, so ending the stream ends a real recording. */
async function recorded(w: Awaited<ReturnType<typeof world>>, login: string) {
  await until(
    `${login} recorded`,
    async () => (w.recorder.activeFor(w.ids[login] as string)?.mediaSeconds ?? 0) > 1,
  );
}

/** A webhook receiver that only answers Twitch's verification challenge (EventSub needs one to enable). */
function challengeEcho() {
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: async (req) =>
      new Response(((await req.json()) as { challenge?: string }).challenge ?? "", { status: 200 }),
  });
  return {
    callback: `http://127.0.0.1:${server.port}/api/v1/webhook/callback`,
    stop: () => server.stop(true),
  };
}

describe("poll mode", () => {
  test("notices a stream within one poll interval plus Helix's lag, and its end stops the recording", async () => {
    const w = await world();
    try {
      await w.schedule("kitchen_lab");
      await sim.control("/faults", { helix_streams_lag_seconds: 2 });
      const poller = new LivePoller({
        repo: w.repo,
        helix: w.helix,
        live: w.live,
        intervalMs: 500,
        log: quiet,
      });
      poller.start();
      const liveAt = Date.now();
      await sim.control("/channels/kitchen_lab/live", LIVE);
      await until("the recording to start", async () => (await w.videos()).length === 1);
      const noticedMs = Date.now() - liveAt;
      console.log(
        `poll mode: noticed ${noticedMs} ms after going live (poll 500 ms, Helix lag 2 s simulated = 1 s real)`,
      );
      // One poll interval plus the lag (warp 2: 1 s real), with room for the recording to start.
      expect(noticedMs).toBeLessThan(500 + 1000 + 1500);
      await recorded(w, "kitchen_lab");
      await sim.control("/channels/kitchen_lab/offline", { end: "404" });
      await until("the recording to end", async () => (await w.videos())[0]?.status === "DONE");
      await poller.stop();
    } finally {
      await sim.control("/faults", { helix_streams_lag_seconds: 0 });
      await w.db.close();
    }
  }, 60_000);
});

describe("schedules", () => {
  test("viewer and category rules start only the matching streams", async () => {
    const w = await world();
    try {
      await w.repo.categories.upsert({ id: "27471", name: "Minecraft" });
      await w.schedule("speedrun_sam", { has_categories: true, category_ids: ["27471"] });
      await w.schedule("retro_arena", { has_min_viewers: true, min_viewers: 1000 });
      await sim.control("/channels/speedrun_sam/live", { ...LIVE, category_id: "27471", viewers: 10 });
      await sim.control("/channels/retro_arena/live", { ...LIVE, viewers: 50 });
      await w.live.online(w.ids.speedrun_sam as string);
      await w.live.online(w.ids.retro_arena as string);
      expect((await w.videos()).map((v) => v.broadcaster_login)).toEqual(["speedrun_sam"]);
      await recorded(w, "speedrun_sam");
      await sim.control("/channels/speedrun_sam/offline", { end: "endlist" });
      await sim.control("/channels/retro_arena/offline", { end: "endlist" });
      await w.recorder.idle();
    } finally {
      await w.db.close();
    }
  }, 60_000);

  test("a schedule created while the channel is live starts a recording at once", async () => {
    const w = await world();
    try {
      await sim.control("/channels/night_owl_music/live", LIVE);
      const created = await w.schedule("night_owl_music");
      await w.live.scheduleChanged(created);
      expect(w.recorder.isRecording(w.ids.night_owl_music as string)).toBe(true);
      expect((await w.repo.schedules.getById(created.id))?.trigger_count).toBe(1);
      await recorded(w, "night_owl_music");
      await sim.control("/channels/night_owl_music/offline", { end: "endlist" });
      await w.recorder.idle();
    } finally {
      await w.db.close();
    }
  }, 60_000);

  test("pause stops new recordings and keeps the running ones", async () => {
    const w = await world();
    try {
      await w.schedule("code_garden");
      await w.schedule("kitchen_lab");
      await sim.control("/channels/code_garden/live", LIVE);
      await w.live.online(w.ids.code_garden as string);
      await w.repo.serverSettings.update({ schedules_paused: true });
      await sim.control("/channels/kitchen_lab/live", LIVE);
      await w.live.online(w.ids.kitchen_lab as string);
      expect(w.recorder.isRecording(w.ids.code_garden as string)).toBe(true);
      expect(w.recorder.isRecording(w.ids.kitchen_lab as string)).toBe(false);
      await recorded(w, "code_garden");
      await sim.control("/channels/code_garden/offline", { end: "endlist" });
      await sim.control("/channels/kitchen_lab/offline", { end: "endlist" });
      await w.recorder.idle();
    } finally {
      await w.db.close();
    }
  }, 60_000);
});

describe("title and category tracking", () => {
  test("a title change mid-stream lands on the video's timeline at the media recorded so far (±1 segment)", async () => {
    const w = await world();
    try {
      const login = "retro_arena";
      await w.schedule(login);
      await sim.control(`/channels/${login}/live`, { ...LIVE, title: "Warm-up" });
      await w.live.online(w.ids[login] as string);
      const job = await until("recording", async () => w.recorder.activeFor(w.ids[login] as string));
      await until(
        "15 s of media",
        async () => (w.recorder.activeFor(w.ids[login] as string)?.mediaSeconds ?? 0) >= 15,
      );
      const at = w.recorder.activeFor(w.ids[login] as string)?.mediaSeconds ?? 0;
      await w.live.updated(w.ids[login] as string, { title: "Main event" });
      await sim.control(`/channels/${login}/offline`, { end: "endlist" });
      await w.recorder.idle();
      const changes = await w.repo.timeline.changes(job.videoId);
      const change = changes.find((c) => c.title?.name === "Main event");
      expect(change).toBeDefined();
      expect(Math.abs((change?.media_offset_seconds ?? -99) - at)).toBeLessThanOrEqual(0.5);
    } finally {
      await w.db.close();
    }
  }, 60_000);
});

describe("EventSub reconcile", () => {
  test("orphaned, missing and zombie subscriptions are fixed in one pass; with Twitch failing the breaker opens, the next run recovers", async () => {
    const w = await world();
    const receiver = challengeEcho();
    const callback = receiver.callback;
    try {
      // Seed Twitch: an orphan (a channel we do not watch), a zombie (failed verification), a stale callback.
      const other = (
        (await (
          await fetch(`${sim.url}/sim/users`, {
            method: "POST",
            body: JSON.stringify({ login: "not_watched" }),
          })
        ).json()) as { id: string }
      ).id;
      await w.helix.subscribe({
        type: "stream.online",
        version: "1",
        condition: { broadcaster_user_id: other },
        callback,
        secret: "0123456789abcdef",
      });
      await w.helix.subscribe({
        type: "stream.offline",
        version: "1",
        condition: { broadcaster_user_id: w.ids.kitchen_lab as string },
        callback: "http://127.0.0.1:9/unreachable",
        secret: "0123456789abcdef",
      });
      const manager = new EventSubManager({
        repo: w.repo,
        helix: w.helix,
        callback,
        secret: () => "0123456789abcdef",
        log: quiet,
      });

      await sim.control("/faults", { eventsub_create_error_rate: 1 });
      await expect(manager.reconcileChannels()).rejects.toBeInstanceOf(CircuitOpenError);
      await sim.control("/faults", { eventsub_create_error_rate: 0 });

      // The failed run already removed the broken ones; this one creates everything that was missing.
      const result = await manager.reconcileChannels();
      expect(result.created).toBe(10);
      const subs = await until("verified subscriptions", async () => {
        const listed = (await w.helix.subscriptions()).data;
        return listed.length === 10 && listed.every((s) => s.status === "enabled") ? listed : null;
      });
      const channels = new Set(await w.repo.channels.listIds());
      expect(
        subs.every(
          (s) => channels.has(s.condition.broadcaster_user_id ?? "") && s.transport.callback === callback,
        ),
      ).toBe(true);
      expect(await manager.reconcileChannels()).toEqual({ created: 0, deleted: 0 });

      // Twitch loses them all (deleted on its side): the next pass recreates them and mirrors the new ones.
      for (const sub of subs) await w.helix.unsubscribe(sub.id);
      expect((await manager.reconcileChannels()).created).toBe(10);
      const onTwitch = new Set((await w.helix.subscriptions()).data.map((s) => s.id));
      const mirrored = [
        ...(await w.repo.eventsub.listActiveByType("stream.online")),
        ...(await w.repo.eventsub.listActiveByType("stream.offline")),
      ];
      expect(mirrored.length).toBe(10);
      expect(mirrored.every((m) => onTwitch.has(m.id))).toBe(true);
      await manager.revokeAll("test over");
    } finally {
      await sim.control("/faults", { eventsub_create_error_rate: 0 });
      receiver.stop();
      await w.db.close();
    }
  }, 60_000);
});

describe("direct mode runtime", () => {
  test("a channel watched for the first time is subscribed at once, not at the next reconcile", async () => {
    const w = await world();
    const receiver = challengeEcho();
    const callback = receiver.callback;
    const runtime = await startLiveRuntime(
      { mode: "direct", source: "env", callback },
      {
        repo: w.repo,
        helix: w.helix,
        live: w.live,
        recorder: w.recorder,
        bus: w.bus,
        secret: () => "0123456789abcdef",
        pollIntervalMs: 60_000,
        log: quiet,
      },
    );
    const subscribedTo = async (id: string) =>
      (await w.helix.subscriptions()).data.filter((s) => s.condition.broadcaster_user_id === id);
    try {
      // The boot reconcile covers the five watched channels.
      await until("the boot reconcile", async () => (await w.helix.subscriptions()).data.length >= 10);
      const fresh = (
        (await (
          await fetch(`${sim.url}/sim/users`, {
            method: "POST",
            body: JSON.stringify({ login: "fresh_face" }),
          })
        ).json()) as { id: string }
      ).id;
      await w.repo.channels.upsert({
        broadcaster_id: fresh,
        broadcaster_login: "fresh_face",
        broadcaster_name: "fresh_face",
      });
      w.bus.emit("channels.watched", { broadcaster_ids: [fresh] });
      const subs = await until("the new channel's subscriptions", async () => {
        const found = await subscribedTo(fresh);
        return found.length === 2 ? found : null;
      });
      expect(subs.map((s) => s.type).sort()).toEqual(["stream.offline", "stream.online"]);
    } finally {
      await runtime.stop();
      await runtime.eventsub?.revokeAll("test over");
      receiver.stop();
      await w.db.close();
    }
  }, 60_000);

  test("a channel already live when the runtime starts is recorded (no stream.online will come)", async () => {
    const w = await world();
    const receiver = challengeEcho();
    await w.schedule("retro_arena");
    await sim.control("/channels/retro_arena/live", LIVE);
    const runtime = await startLiveRuntime(
      {
        mode: "direct",
        source: "env",
        callback: receiver.callback,
      },
      {
        repo: w.repo,
        helix: w.helix,
        live: w.live,
        recorder: w.recorder,
        bus: w.bus,
        secret: () => "0123456789abcdef",
        pollIntervalMs: 60_000,
        log: quiet,
      },
    );
    try {
      const [video] = await until("the recording", async () => {
        const videos = await w.videos();
        return videos.length ? videos : null;
      });
      expect(video?.broadcaster_login).toBe("retro_arena");
    } finally {
      await sim.control("/channels/retro_arena/offline", { end: "endlist" });
      await runtime.stop();
      await runtime.eventsub?.revokeAll("test over");
      await w.recorder.shutdown();
      receiver.stop();
      await w.db.close();
    }
  }, 60_000);
});

describe("a server mode without EventSub", () => {
  test.each(["poll", "off", null] as const)(
    "%p after direct: the subscriptions the direct setup left on Twitch are removed at the start",
    async (mode) => {
      const w = await world();
      const receiver = challengeEcho();
      const deps = {
        repo: w.repo,
        helix: w.helix,
        live: w.live,
        recorder: w.recorder,
        bus: w.bus,
        secret: () => "0123456789abcdef",
        pollIntervalMs: 60_000,
        log: quiet,
      };
      const ours = async () => (await w.helix.subscriptions()).data.length;
      const direct = await startLiveRuntime(
        { mode: "direct", source: "env", callback: receiver.callback },
        deps,
      );
      let next: Awaited<ReturnType<typeof startLiveRuntime>> | undefined;
      try {
        await until("the direct setup's subscriptions", async () => (await ours()) >= 10);
        await direct.stop();
        // The next start runs another mode: nothing would use those subscriptions, but they cost quota.
        next = await startLiveRuntime({ mode, source: mode ? "env" : "unset", callback: null }, deps);
        await until("the leftovers removed on Twitch", async () => (await ours()) === 0);
        expect(await w.repo.eventsub.listActiveByType("stream.online")).toEqual([]);
        expect(await w.repo.eventsub.listActiveByType("stream.offline")).toEqual([]);
      } finally {
        await next?.stop();
        await direct.eventsub?.revokeAll("test over").catch(() => 0);
        receiver.stop();
        await w.db.close();
      }
    },
    60_000,
  );
});
