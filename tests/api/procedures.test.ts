import { afterAll, describe, expect, test } from "bun:test";
import { TRPCError } from "@trpc/server";
import { apiWorld, fromTracked } from "../support/api.ts";
import { simulator } from "../support/recorder.ts";

// Procedures over the real services and both databases: roles, validation messages that name the field,
// domain errors with their HTTP meaning, and a recording driven through the API against the simulator.

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TRPCError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

const rule = { quality: "720p" as const };

async function waitFor(ok: () => Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ok()) return true;
    await Bun.sleep(20);
  }
  return false;
}

describe.each(["sqlite", "pg"] as const)("procedures on %s", (dialect) => {
  test("roles: nobody → UNAUTHORIZED, a viewer reads but may not write, an admin writes", async () => {
    const w = await apiWorld(dialect);
    try {
      expect((await failure(w.as(null).video.list())).code).toBe("UNAUTHORIZED");
      const viewer = await w.user("viewer");
      expect(await w.as(viewer).video.list()).toEqual([]);
      const forbidden = await failure(w.as(viewer).schedule.create({ broadcaster_id: "123", rule }));
      expect(forbidden.code).toBe("FORBIDDEN");
      expect((await failure(w.as(viewer).channel.syncFromTwitch({ login: "someone" }))).code).toBe(
        "FORBIDDEN",
      );
      const admin = await w.user("admin");
      await w.services.repo.channels.upsert({
        broadcaster_id: "123",
        broadcaster_login: "chan",
        broadcaster_name: "Chan",
      });
      const created = await w.as(admin).schedule.create({ broadcaster_id: "123", rule });
      expect(created.quality).toBe("720p");
      expect(created.requested_by).toBe(admin.id);
    } finally {
      await w.dispose();
    }
  });

  test.each([
    ["an enabled filter without a value", { has_categories: true }, "rule.category_ids: pick a category"],
    ["retention without hours", { is_delete_rediff: true }, "rule.time_before_delete"],
    ["a quality that does not exist", { quality: "4k" }, "rule.quality"],
    ["an unknown field", { colour: "red" }, "colour"],
    ["a wrong type", { min_viewers: "many", has_min_viewers: true }, "rule.min_viewers"],
  ])("schedule.create with %s → BAD_REQUEST naming the field", async (_name, over, field) => {
    const w = await apiWorld(dialect);
    try {
      const admin = await w.user("admin");
      const err = await failure(
        // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
        w.as(admin).schedule.create({ broadcaster_id: "123", rule: { ...rule, ...over } as any }),
      );
      expect(err.code).toBe("BAD_REQUEST");
      expect(err.message).toContain(field);
    } finally {
      await w.dispose();
    }
  });

  test("domain errors keep their meaning: unknown video → NOT_FOUND, duplicate schedule → CONFLICT, unwatched channel → NOT_FOUND with the fix", async () => {
    const w = await apiWorld(dialect);
    try {
      const admin = await w.user("admin");
      expect((await failure(w.as(admin).video.getById({ id: 4242 }))).code).toBe("NOT_FOUND");
      const trigger = await failure(w.as(admin).video.triggerDownload({ broadcaster_id: "555" }));
      expect(trigger.code).toBe("NOT_FOUND");
      expect(trigger.message).toContain("syncFromTwitch");
      await w.services.repo.channels.upsert({
        broadcaster_id: "123",
        broadcaster_login: "c",
        broadcaster_name: "C",
      });
      await w.as(admin).schedule.create({ broadcaster_id: "123", rule });
      expect((await failure(w.as(admin).schedule.create({ broadcaster_id: "123", rule }))).code).toBe(
        "CONFLICT",
      );
    } finally {
      await w.dispose();
    }
  });

  test("video.buildPlayback over the real cache: refusals say what to change; a recording that cannot be joined is unavailable with the reason", async () => {
    const w = await apiWorld(dialect);
    try {
      const { repo } = w.services;
      const admin = await w.user("admin");
      expect((await failure(w.as(admin).video.buildPlayback({ id: 4242 }))).code).toBe("NOT_FOUND");
      await repo.channels.upsert({ broadcaster_id: "123", broadcaster_login: "c", broadcaster_name: "C" });
      const { video } = await repo.recordings.start({
        job_id: "0b7c2b7e-6f0e-4f51-9a53-1f1d8c0a7e11",
        filename: "rec-two",
        display_name: "Two",
        title: "two parts",
        quality: "source",
        recording_type: "video",
        force_h264: false,
        broadcaster_id: "123",
        language: "en",
      });
      for (const [i, codec] of (["h264", "h265"] as const).entries()) {
        const part = await repo.recordings.addPart({
          video_id: video.id,
          part_index: i + 1,
          filename: `rec-two-part0${i + 1}.mp4`,
          quality: "1080p60",
          fps: 60,
          codec,
          segment_format: "ts",
          start_media_seq: i * 100,
        });
        await repo.recordings.finalizePart(part.id, {
          duration_seconds: 10,
          size_bytes: 1000,
          end_media_seq: i * 100 + 9,
        });
      }
      await repo.recordings.finish({
        job_id: video.job_id,
        status: "DONE",
        completion_kind: "complete",
        truncated: false,
      });

      // Off by default: refused, saying where to turn it on.
      const off = await failure(w.as(admin).video.buildPlayback({ id: video.id }));
      expect([off.code, off.message]).toEqual([
        "PRECONDITION_FAILED",
        "the playback cache is off: turn it on in System › Playback",
      ]);
      const owner = await w.user("owner");
      await w
        .as(owner)
        .system.updatePlaybackCacheConfig({ enabled: true, max_percent: 10, auto_generate: false });
      const row = await w.as(admin).video.buildPlayback({ id: video.id });
      expect(row).toMatchObject({
        status: "unavailable",
        error: "part 2 differs from part 1 in codec (h265, not h264): joining them would need re-encoding",
      });
      expect((await w.as(admin).video.getById({ id: video.id })).playback_artifact?.status).toBe(
        "unavailable",
      );
    } finally {
      await w.dispose();
    }
  });

  test("schedules: others' are invisible to non-owners (NOT_FOUND, never FORBIDDEN), the owner sees all", async () => {
    const w = await apiWorld(dialect);
    try {
      await w.services.repo.channels.upsert({
        broadcaster_id: "123",
        broadcaster_login: "c",
        broadcaster_name: "C",
      });
      const alice = await w.user("admin");
      const bob = await w.user("admin");
      const owner = await w.user("owner");
      const mine = await w.as(alice).schedule.create({ broadcaster_id: "123", rule });
      expect((await failure(w.as(bob).schedule.getById({ id: mine.id }))).code).toBe("NOT_FOUND");
      expect((await failure(w.as(bob).schedule.delete({ id: mine.id }))).code).toBe("NOT_FOUND");
      expect((await w.as(bob).schedule.list()).total).toBe(0);
      expect((await w.as(owner).schedule.list()).total).toBe(1);
      expect((await w.as(alice).schedule.toggle({ id: mine.id })).is_disabled).toBe(true);
      expect(await w.as(owner).schedule.setPaused({ paused: true })).toEqual({ paused: true });
      expect(await w.as(bob).schedule.pauseState()).toEqual({ paused: true });
    } finally {
      await w.dispose();
    }
  });

  test("settings: a viewer's preferences, with the time zone checked", async () => {
    const w = await apiWorld(dialect);
    try {
      const viewer = await w.user("viewer");
      // Nothing chosen yet: each browser's own language, zone and format apply.
      expect(await w.as(viewer).settings.get()).toMatchObject({
        language: null,
        timezone: null,
        datetime_format: null,
      });
      expect(
        (await w.as(viewer).settings.update({ language: "fr", timezone: "Europe/Paris" })).language,
      ).toBe("fr");
      const err = await failure(w.as(viewer).settings.update({ timezone: "Mars/Olympus" }));
      expect(err.code).toBe("BAD_REQUEST");
      expect(err.message).toContain("timezone");
    } finally {
      await w.dispose();
    }
  });
});

describe.each(["sqlite", "pg"] as const)("owner procedures on %s", (dialect) => {
  test("eventsub.updateConfig checks a mode like the start does, saves it for the next start, and is refused when the environment sets it", async () => {
    const w = await apiWorld(dialect);
    try {
      const owner = await w.user("owner");
      const admin = await w.user("admin");
      expect((await failure(w.as(admin).eventsub.config())).code).toBe("FORBIDDEN");
      const before = await w.as(owner).eventsub.config();
      expect([before.setup_required, before.source, before.env_managed]).toEqual([true, "unset", false]);
      const direct = await failure(w.as(owner).eventsub.updateConfig({ mode: "direct" }));
      expect(direct.code).toBe("BAD_REQUEST");
      expect(direct.message).toContain("PUBLIC_BASE_URL");
      expect(await w.as(owner).eventsub.updateConfig({ mode: "poll" })).toMatchObject({
        mode: "poll",
        polls_helix: true,
        restart_required: true,
      });
      const after = await w.as(owner).eventsub.config();
      expect([after.mode, after.source, after.restart_required, after.active.mode]).toEqual([
        "poll",
        "app",
        true,
        "off",
      ]);
      // The running mode (off) has no EventSub manager: snapshots need one.
      expect((await failure(w.as(owner).eventsub.snapshot())).code).toBe("PRECONDITION_FAILED");
    } finally {
      await w.dispose();
    }
    const managed = await apiWorld(dialect, { env: { SERVER_MODE: "off" } });
    try {
      const owner = await managed.user("owner");
      expect((await failure(managed.as(owner).eventsub.updateConfig({ mode: "poll" }))).code).toBe(
        "PRECONDITION_FAILED",
      );
    } finally {
      await managed.dispose();
    }
  });

  test("eventsub.updateConfig: relay mode needs the subscribe key; it is stored sealed, never sent back, and kept when left out", async () => {
    const w = await apiWorld(dialect);
    const ingest = "https://relay.example.com/u/6yRsLruKMaFK9zpQNEQcLVLQysJ6msdQkSjADT";
    const key = "gkJ8lpCGM6E-OB3VDpGhJn5QqH672Ex2blwMn8rA9tM";
    try {
      const owner = await w.user("owner");
      const missing = await failure(
        w.as(owner).eventsub.updateConfig({ mode: "relay", relay_ingest_url: ingest }),
      );
      expect([missing.code, missing.message]).toEqual([
        "BAD_REQUEST",
        expect.stringContaining("RELAY_SUBSCRIBE_KEY"),
      ]);
      await w
        .as(owner)
        .eventsub.updateConfig({ mode: "relay", relay_ingest_url: ingest, relay_subscribe_key: key });
      const config = await w.as(owner).eventsub.config();
      expect(config.relay_subscribe_key_set).toBe(true);
      expect(JSON.stringify(config)).not.toContain(key);
      const stored = (await w.services.repo.serverSettings.get()).eventsub_relay_subscribe_key ?? "";
      expect(stored).not.toContain(key);
      expect(w.services.sealers.relaySubscribeKey.open(stored)).toBe(key);
      // Saved again without the key (the page never has it): the saved one stays.
      await w.as(owner).eventsub.updateConfig({ mode: "relay", relay_ingest_url: ingest });
      expect((await w.as(owner).eventsub.config()).relay_subscribe_key_set).toBe(true);
      await w.as(owner).eventsub.updateConfig({ mode: "poll", relay_subscribe_key: null });
      expect((await w.as(owner).eventsub.config()).relay_subscribe_key_set).toBe(false);
    } finally {
      await w.dispose();
    }
  });

  test("system.serviceAccount / removeServiceAccount: owner only, shown without tokens, removed; the environment's cannot be", async () => {
    const w = await apiWorld(dialect);
    const managed = await apiWorld(dialect, {
      env: { TWITCH_SERVICE_ACCOUNT_REFRESH_TOKEN: "r".repeat(50) },
    });
    try {
      const owner = await w.user("owner");
      const admin = await w.user("admin");
      expect((await failure(w.as(admin).system.serviceAccount())).code).toBe("FORBIDDEN");
      expect((await failure(w.as(admin).system.removeServiceAccount())).code).toBe("FORBIDDEN");
      expect(await w.as(owner).system.serviceAccount()).toEqual({
        account: null,
        managed_by_env: false,
        env_error: null,
      });
      await w.services.repo.serviceAccount.put({
        twitch_user_id: "100004",
        login: "night_owl_music",
        display_name: "NightOwlMusic",
        source: "dashboard",
        env_token_hash: null,
        encrypted_tokens: "v1.sealed",
        expires_at: "2030-01-01T00:00:00.000Z",
      });
      const shown = await w.as(owner).system.serviceAccount();
      expect(shown.account).toMatchObject({
        login: "night_owl_music",
        expires_at: "2030-01-01T00:00:00.000Z",
      });
      expect(JSON.stringify(shown)).not.toContain("v1.sealed");
      expect(await w.as(owner).system.removeServiceAccount()).toEqual({ removed: true });
      expect((await w.as(owner).system.serviceAccount()).account).toBeNull();

      const managedOwner = await managed.user("owner");
      expect((await managed.as(managedOwner).system.serviceAccount()).managed_by_env).toBe(true);
      const refused = await failure(managed.as(managedOwner).system.removeServiceAccount());
      expect([refused.code, refused.message]).toEqual([
        "PRECONDITION_FAILED",
        expect.stringContaining("TWITCH_SERVICE_ACCOUNT_REFRESH_TOKEN"),
      ]);
    } finally {
      await w.dispose();
      await managed.dispose();
    }
  });

  test("recordingWebhook: owner only; turning it on needs an allowed URL and makes a secret", async () => {
    const w = await apiWorld(dialect);
    try {
      const owner = await w.user("owner");
      const admin = await w.user("admin");
      expect((await failure(w.as(admin).recordingWebhook.config())).code).toBe("FORBIDDEN");
      const noUrl = await failure(w.as(owner).recordingWebhook.updateConfig({ enabled: true }));
      expect([noUrl.code, noUrl.message.startsWith("url")]).toEqual(["BAD_REQUEST", true]);
      const publicHttp = await failure(
        w.as(owner).recordingWebhook.updateConfig({ enabled: true, url: "http://example.com/hook" }),
      );
      expect([publicHttp.code, publicHttp.message.startsWith("url")]).toEqual(["BAD_REQUEST", true]);
      const saved = await w.as(owner).recordingWebhook.updateConfig({
        enabled: true,
        url: "https://hooks.example.com/replayd",
        events: ["recording.completed"],
      });
      expect([saved.enabled, saved.events, (saved.secret ?? "").length >= 32]).toEqual([
        true,
        ["recording.completed"],
        true,
      ]);
    } finally {
      await w.dispose();
    }
  });

  test("task: list, run now (its status streamed to the owner, its outcome in the event log), toggle", async () => {
    const w = await apiWorld(dialect);
    try {
      const owner = await w.user("owner");
      let runs = 0;
      await w.services.scheduler.start([
        {
          name: "probe_task",
          description: "counts its runs",
          interval_seconds: 3600,
          run: async () => {
            runs++;
            return { summary: "probed" };
          },
        },
      ]);
      const first = await waitFor(async () => runs === 1);
      expect(first).toBe(true);
      const listed = (await w.as(owner).task.list()).data.find((t) => t.name === "probe_task");
      expect(listed?.last_status).toBe("success");

      const controller = new AbortController();
      const statuses = await w.as(owner, { signal: controller.signal }).task.status();
      const events = await w.as(owner, { signal: controller.signal }).system.events();
      const seen: string[] = [];
      const reading = (async () => {
        for await (const e of statuses) {
          const { data } = fromTracked(e);
          // The first (boot) run's "success" can still be on its way when the stream opens: the run now
          // starts with "running", so nothing before it belongs to this run.
          if (seen.length === 0 && data.status !== "running") continue;
          seen.push(data.status);
          if (data.status === "success") break;
        }
      })();
      const logged = (async () => {
        for await (const e of events) {
          const { data } = fromTracked(e);
          if (data.message.includes("probed")) return data.event_type;
        }
      })();
      await waitFor(
        async () =>
          w.api.feeds.taskStatus.subscriberCount === 1 && w.api.feeds.systemEvents.subscriberCount === 1,
      );
      await w.as(owner).task.runNow({ name: "probe_task" });
      await reading;
      expect(seen).toEqual(["running", "success"]);
      expect(runs).toBe(2);
      expect(await logged).toBe("run_success");
      controller.abort();

      expect((await w.as(owner).task.toggle({ name: "probe_task", enabled: false })).is_enabled).toBe(false);
      expect((await failure(w.as(owner).task.runNow({ name: "no_such_task" }))).code).toBe("NOT_FOUND");
      const admin = await w.user("admin");
      expect((await failure(w.as(admin).task.list())).code).toBe("FORBIDDEN");
    } finally {
      await w.services.scheduler.stop();
      await w.dispose();
    }
  });

  test("system: event logs listed and searched, fetch logs filtered by type", async () => {
    const w = await apiWorld(dialect);
    try {
      const owner = await w.user("owner");
      await w.services.repo.eventLogs.append({
        domain: "tasks",
        event_type: "task.failed",
        severity: "error",
        message: "category art sync failed: Helix answered 503",
      });
      await w.services.repo.fetchLogs.append({
        fetch_type: "helix.streams",
        status: 200,
        duration_ms: 12,
        error: null,
      });
      expect((await w.as(owner).system.eventLogs({ severity: "error" })).total).toBe(1);
      const found = await w.as(owner).system.searchEventLogs({ query: "helix", limit: 10, offset: 0 });
      expect(found.data.map((e) => e.event_type)).toEqual(["task.failed"]);
      expect((await w.as(owner).system.fetchLogs({ fetch_type: "helix.streams" })).total).toBe(1);
      expect((await w.as(owner).system.fetchLogs({ fetch_type: "helix.users" })).total).toBe(0);
    } finally {
      await w.dispose();
    }
  });

  test("system: a change of settings or schedules is in the event log with who made it; a refused one is not", async () => {
    const w = await apiWorld(dialect);
    try {
      const owner = await w.user("owner");
      const viewer = await w.user("viewer");
      await w.as(owner).schedule.setPaused({ paused: true });
      await w.as(owner).recordingWebhook.updateConfig({
        enabled: false,
        url: "https://hooks.example.com/replayd?token=sekrit",
        events: [],
      });
      expect((await failure(w.as(viewer).schedule.setPaused({ paused: false }))).code).toBe("FORBIDDEN");
      const changes = (await w.as(owner).system.eventLogs({ limit: 10, offset: 0, domain: "schedule" })).data;
      expect(changes.map((e) => [e.event_type, e.message, e.actor_user_id])).toEqual([
        ["changed", `${owner.login} paused every schedule`, owner.id],
      ]);
      // What the words name is in data too: the dashboard says the change in the reader's language.
      expect(changes[0]?.data).toEqual({ paused: true, by: owner.login, procedure: "schedule.setPaused" });
      const settings = (await w.as(owner).system.eventLogs({ limit: 10, offset: 0, domain: "settings" }))
        .data;
      expect(settings.map((e) => e.message)).toEqual([`${owner.login} changed the recording webhook`]);
      // Never the input: the URL may carry a token.
      expect(JSON.stringify(settings)).not.toContain("sekrit");
    } finally {
      await w.dispose();
    }
  });
});

describe("a recording through the API (simulator)", () => {
  const sim = simulator({ warp: 1, seed: 71 });
  afterAll(() => sim.stop());

  test("stream.followed lists the caller's followed channels that are live now", async () => {
    const w = await apiWorld("sqlite", { simUrl: sim.url });
    try {
      const owner = await w.user("owner");
      const kitchen = await w.as(owner).channel.syncFromTwitch({ login: "kitchen_lab" });
      const sam = await w.as(owner).channel.syncFromTwitch({ login: "speedrun_sam" });
      await w.services.repo.channels.replaceFollows(owner.id, [
        { broadcaster_id: kitchen?.broadcaster_id as string, followed_at: new Date().toISOString() },
        { broadcaster_id: sam?.broadcaster_id as string, followed_at: new Date().toISOString() },
      ]);
      expect(await w.as(owner).stream.followed()).toEqual([]);
      await sim.control("/channels/speedrun_sam/live", { title: "WR attempts", viewers: 1200 });
      const live = await w.as(owner).stream.followed();
      expect(live.map((s) => [s.broadcaster_login, s.title, s.viewer_count])).toEqual([
        ["speedrun_sam", "WR attempts", 1200],
      ]);
      await sim.control("/channels/speedrun_sam/offline", { end: "endlist" });
    } finally {
      await w.dispose();
    }
  });

  test("category.search finds games from Twitch that replayd has not seen yet, and keeps them", async () => {
    const w = await apiWorld("sqlite", { simUrl: sim.url });
    try {
      const viewer = await w.user("viewer");
      expect(await w.services.repo.categories.getById("33214")).toBeNull();
      const found = await w.as(viewer).category.search({ query: "fortn", limit: 10 });
      expect(found.map((c) => c.name)).toEqual(["Fortnite"]);
      expect((await w.services.repo.categories.getById("33214"))?.name).toBe("Fortnite");
      // Cached: the same query again does not ask Twitch (the fetch log counts Helix calls).
      const calls = async () => {
        const deadline = Date.now() + 2000;
        let total = 0;
        while (Date.now() < deadline) {
          total = (
            await w.services.repo.fetchLogs.list({
              limit: 1,
              offset: 0,
              fetch_type: "GET /search/categories",
            })
          ).total;
          if (total > 0) break;
          await Bun.sleep(20);
        }
        return total;
      };
      expect(await calls()).toBe(1);
      expect((await w.as(viewer).category.search({ query: "FORTN ", limit: 10 })).map((c) => c.id)).toEqual([
        "33214",
      ]);
      expect(await calls()).toBe(1);
    } finally {
      await w.dispose();
    }
  });

  test("add a channel by login, record it now, watch its progress grow, cancel it", async () => {
    const w = await apiWorld("sqlite", { simUrl: sim.url });
    try {
      const owner = await w.user("owner");
      const channel = await w.as(owner).channel.syncFromTwitch({ login: "kitchen_lab" });
      expect(channel?.broadcaster_login).toBe("kitchen_lab");
      await sim.control("/channels/kitchen_lab/live", {
        segment_seconds: 0.5,
        ladder: ["360p30"],
        bitrate_kbps: 300,
      });
      const started = await w.as(owner).video.triggerDownload({
        broadcaster_id: channel?.broadcaster_id as string,
        quality: "360p",
      });
      const bytes = async () =>
        (await w.as(owner).video.activeDownloads()).find((d) => d.job_id === started.job_id)?.bytes_written ??
        0;
      const until = async (what: string, ok: () => Promise<boolean>) => {
        const deadline = Date.now() + 20_000;
        while (Date.now() < deadline) {
          if (await ok()) return;
          await Bun.sleep(50);
        }
        throw new Error(`timed out waiting for ${what}`);
      };
      await until("some bytes", async () => (await bytes()) > 0);
      const first = await bytes();
      await until("more bytes", async () => (await bytes()) > first);
      expect(
        (
          await failure(
            w.as(owner).video.triggerDownload({ broadcaster_id: channel?.broadcaster_id as string }),
          )
        ).code,
      ).toBe("CONFLICT");
      expect(await w.as(owner).video.cancel({ job_id: started.job_id })).toEqual({ ok: true });
      await until(
        "the cancelled status",
        async () => (await w.as(owner).video.getById({ id: started.video_id })).status === "DONE",
      );
      const video = await w.as(owner).video.getById({ id: started.video_id });
      expect(video.completion_kind).toBe("cancelled");
      // Record now is the caller's request: who asked to record what, and how it ended.
      const requests = await w.as(owner).videorequest.list();
      expect(requests.data.map((r) => [r.video_id, r.requested_by.id, r.completion_kind])).toEqual([
        [started.video_id, owner.id, "cancelled"],
      ]);
      await sim.control("/channels/kitchen_lab/offline", { end: "endlist" });
    } finally {
      await w.dispose();
    }
  }, 60_000);
});
