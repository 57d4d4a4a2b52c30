import { afterEach, beforeEach, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { chatLine } from "../../tests/support/chat-lines.ts";
import { channel, finishedVideo, user } from "../db/contract/fixtures.ts";
import { contract } from "../db/contract/harness.ts";
import type { Video } from "../domain/videos.ts";
import { createLogger } from "../log/logger.ts";
import { PlaybackCache } from "../playback-cache/playback-cache.service.ts";
import { LocalStorage } from "../storage/local.storage.ts";
import type { Storage } from "../storage/storage.ts";
import { type StandardTaskDeps, standardTasks } from "./standard-tasks.ts";
import type { TaskResult } from "./task.ts";

const log = createLogger({ level: "fatal", format: "json" });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

contract("standard maintenance tasks", (c) => {
  let dataDir: string;
  let storage: Storage;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "replayd-tasks-"));
    storage = new LocalStorage(dataDir);
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const tasks = (extra: Partial<StandardTaskDeps> = {}) =>
    standardTasks({
      repo: c.repo,
      storage,
      categoryArt: { run: async () => ({ updated: 0, igdbIds: 0 }) },
      categoryMetadata: { run: async () => ({ kind: "done", checked: 0, described: 0 }) },
      eventsub: null,
      playbackCache: new PlaybackCache({
        repo: c.repo,
        storage,
        scratchRoot: join(dataDir, "scratch"),
        dataDir,
        ffmpegPath: "ffmpeg",
        ffprobePath: "ffprobe",
        log,
        recorderFloor: () => 0,
      }),
      retention: { fetch_logs_days: 14, event_logs_days: 14 },
      ...extra,
    });

  const run = async (
    name: string,
    extra: Partial<StandardTaskDeps> = {},
  ): Promise<TaskResult | undefined> => {
    const task = tasks(extra).find((t) => t.name === name);
    if (!task) throw new Error(`no task ${name}`);
    return task.run({ log, now: c.clock.now }, new AbortController().signal);
  };

  /** A finished recording with the files the recorder writes: part, part stills, live snapshots. */
  const recordedVideo = async (retentionHours: number | null) => {
    const video = await finishedVideo(c.repo, "100", {
      retention_window_hours: retentionHours,
      parts: [
        { duration_seconds: 60, size_bytes: 5 },
        { duration_seconds: 60, size_bytes: 5 },
      ],
    });
    const base = video.filename;
    await c.repo.videos.setThumbnail(video.id, `thumbnails/${base}-snap00.jpg`);
    const files = [
      `videos/${base}-part01.mp4`,
      `videos/${base}-part02.mp4`,
      `thumbnails/${base}-part01.jpg`,
      `thumbnails/${base}-part01-strip.jpg`,
      `thumbnails/${base}-part02.jpg`,
      `thumbnails/${base}-snap00.jpg`,
      `thumbnails/${base}-snap01.jpg`,
    ].map((key) => join(dataDir, key));
    for (const file of files) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, "bytes");
    }
    return { video, files };
  };

  const expectRemoved = async (video: Video, files: string[], kind: "retention" | "manual") => {
    expect(files.filter((f) => existsSync(f))).toEqual([]);
    const after = await c.repo.videos.getById(video.id);
    expect(after).toMatchObject({ deletion_kind: kind, parts: [] });
    expect(after?.deleted_at).not.toBeNull();
  };

  const expectKept = async (video: Video, files: string[]) => {
    expect(files.filter((f) => !existsSync(f))).toEqual([]);
    const after = await c.repo.videos.getById(video.id);
    expect(after).toMatchObject({ deleted_at: null, deletion_kind: null });
    expect(after?.parts).toHaveLength(2);
  };

  beforeEach(async () => {
    await channel(c.repo, "100");
  });

  test("recordings retention deletes the files and tombstones videos past their window, not newer ones", async () => {
    const old = await recordedVideo(1);
    const recent = await recordedVideo(48);
    const forever = await recordedVideo(null);
    const unrelated = join(dataDir, "videos", "someone-else.mp4");
    writeFileSync(unrelated, "x");

    expect(await run("recordings_retention")).toMatchObject({ data: { removed: 0 } });
    await expectKept(old.video, old.files);

    c.clock.advance(2 * HOUR);
    expect(await run("recordings_retention")).toMatchObject({ data: { removed: 1 } });
    await expectRemoved(old.video, old.files, "retention");
    await expectKept(recent.video, recent.files);
    await expectKept(forever.video, forever.files);
    expect(existsSync(unrelated)).toBe(true);

    c.clock.advance(2 * DAY);
    expect(await run("recordings_retention")).toMatchObject({ data: { removed: 1 } });
    await expectRemoved(recent.video, recent.files, "retention");
    await expectKept(forever.video, forever.files);
  });

  test("requested deletions remove exactly the videos users asked for", async () => {
    const asked = await recordedVideo(null);
    const other = await recordedVideo(null);
    await c.repo.videos.requestDelete(asked.video.id);
    expect(await run("recording_delete_requested")).toMatchObject({ data: { removed: 1 } });
    await expectRemoved(asked.video, asked.files, "manual");
    await expectKept(other.video, other.files);
    expect(await run("recording_delete_requested")).toMatchObject({ data: { removed: 0 } });
  });

  test("a removed video's chat goes with its files; the tombstone stays, other videos keep theirs", async () => {
    const asked = await recordedVideo(null);
    const other = await recordedVideo(null);
    const lines = (prefix: string) =>
      Array.from({ length: 12_000 }, (_, i) => ({
        ...chatLine(i, i, { text: "hi" }),
        msg_id: `${prefix}${i}`,
      }));
    await c.repo.chat.insertMessages(asked.video.id, lines("a"));
    await c.repo.chat.insertMessages(other.video.id, lines("o").slice(0, 3));
    await c.repo.chat.addGap(asked.video.id, {
      reason: "disconnected",
      started_at: "2026-11-28T12:00:01.000Z",
      ended_at: "2026-11-28T12:00:02.000Z",
      offset_ms: 1000,
      duration_ms: 1000,
    });
    await c.repo.videos.requestDelete(asked.video.id);
    expect(await run("recording_delete_requested")).toMatchObject({ data: { removed: 1 } });
    await expectRemoved(asked.video, asked.files, "manual");
    expect(await c.repo.chat.count(asked.video.id)).toBe(0);
    expect(await c.repo.chat.gaps(asked.video.id)).toEqual([]);
    expect(await c.repo.chat.count(other.video.id)).toBe(3);
  });

  test("a video whose files cannot be deleted stays listed and fails the run; the others go", async () => {
    const stuck = await recordedVideo(null);
    const fine = await recordedVideo(null);
    const local = storage;
    const failing: Storage = {
      ...local,
      kind: local.kind,
      size: (key) => local.size(key),
      localPath: (key) => local.localPath(key),
      putFile: (key, path, type) => local.putFile(key, path, type),
      read: (key, range) => local.read(key, range),
      async delete(key) {
        if (key.includes(stuck.video.filename)) throw new Error("bucket said 503");
        await local.delete(key);
      },
    };
    await c.repo.videos.requestDelete(stuck.video.id);
    await c.repo.videos.requestDelete(fine.video.id);
    await expect(run("recording_delete_requested", { storage: failing })).rejects.toThrow(
      `1 of 2 recordings could not be deleted (video ${stuck.video.id}: bucket said 503)`,
    );
    await expectRemoved(fine.video, fine.files, "manual");
    expect((await c.repo.videos.getById(stuck.video.id))?.deleted_at).toBeNull();
    expect((await c.repo.videos.listDeleteRequested(10)).map((v) => v.id)).toEqual([stuck.video.id]);
    // Storage is back: the next run finishes the job.
    expect(await run("recording_delete_requested")).toMatchObject({ data: { removed: 1 } });
    await expectRemoved(stuck.video, stuck.files, "manual");
  });

  test("log sweeps keep what is recent (and every warning and error)", async () => {
    const old = c.clock.iso();
    await c.repo.fetchLogs.append({ fetch_type: "GET /streams", status: 200, duration_ms: 5 });
    await c.repo.eventLogs.append({ domain: "x", event_type: "old_info", severity: "info", message: "a" });
    await c.repo.eventLogs.append({ domain: "x", event_type: "old_error", severity: "error", message: "b" });
    await c.repo.webhookEvents.receive({
      event_id: "old",
      message_type: "notification",
      message_timestamp: old,
      payload: { big: "body" },
    });
    c.clock.advance(15 * DAY);
    await c.repo.fetchLogs.append({ fetch_type: "GET /users", status: 200, duration_ms: 5 });
    await c.repo.eventLogs.append({ domain: "x", event_type: "new_info", severity: "info", message: "c" });
    await c.repo.webhookEvents.receive({
      event_id: "new",
      message_type: "notification",
      message_timestamp: c.clock.iso(),
      payload: { big: "body" },
    });

    expect(await run("fetch_logs_retention")).toMatchObject({ data: { deleted: 1 } });
    expect((await c.repo.fetchLogs.list({ limit: 10, offset: 0 })).data.map((l) => l.fetch_type)).toEqual([
      "GET /users",
    ]);
    expect(await run("event_logs_retention")).toMatchObject({ data: { deleted: 1 } });
    const kept = (await c.repo.eventLogs.list({ limit: 10, offset: 0, domain: "x" })).data;
    expect(kept.map((l) => l.event_type).sort()).toEqual(["new_info", "old_error"]);
    expect(await run("webhook_payload_trim")).toMatchObject({ data: { trimmed: 1 } });
    const events = await c.repo.webhookEvents.listRecent(10);
    expect(Object.fromEntries(events.map((e) => [e.event_id, e.payload]))).toEqual({
      old: null,
      new: { big: "body" },
    });
    // 0 days: kept forever, the run says it skipped.
    expect(
      await run("fetch_logs_retention", { retention: { fetch_logs_days: 0, event_logs_days: 0 } }),
    ).toMatchObject({ status: "skipped" });
  });

  test("finished webhook deliveries go after 30 days, pending ones stay", async () => {
    const video = await finishedVideo(c.repo, "100");
    const enqueue = (n: number) =>
      c.repo.webhookDeliveries.enqueue({
        message_id: `m${n}`,
        dedupe_key: `test:${n}`,
        event: "recording.test",
        video_id: video.id,
        test: true,
      });
    const delivered = await enqueue(1);
    await enqueue(2);
    const claimed = await c.repo.webhookDeliveries.claimNext();
    expect(claimed?.id).toBe(delivered?.id as number);
    await c.repo.webhookDeliveries.recordAttempt(delivered?.id as number, {
      outcome: "delivered",
      status: 204,
    });
    c.clock.advance(29 * DAY);
    expect(await run("recording_webhook_deliveries_retention")).toMatchObject({ data: { deleted: 0 } });
    c.clock.advance(2 * DAY);
    expect(await run("recording_webhook_deliveries_retention")).toMatchObject({ data: { deleted: 1 } });
    expect((await c.repo.webhookDeliveries.listRecent(10)).map((d) => d.message_id)).toEqual(["m2"]);
  });

  test("finished notification deliveries go after 30 days, pending ones stay", async () => {
    const target = await c.repo.notifications.createTarget({
      name: "Phone",
      kind: "ntfy",
      enabled: true,
      config: "v1.sealed",
      events: ["went_live"],
      broadcaster_ids: [],
      templates: {},
    });
    const enqueue = (n: number) =>
      c.repo.notifications.enqueue({
        target_id: target.id,
        event: "test",
        event_log_id: null,
        dedupe_key: `test:${n}`,
        title: `t${n}`,
        body: "b",
      });
    const sent = await enqueue(1);
    await enqueue(2);
    expect((await c.repo.notifications.claimNext())?.id).toBe(sent?.id as number);
    await c.repo.notifications.recordAttempt(sent?.id as number, { outcome: "delivered", status: 200 });
    c.clock.advance(29 * DAY);
    expect(await run("notification_deliveries_retention")).toMatchObject({ data: { deleted: 0 } });
    c.clock.advance(2 * DAY);
    expect(await run("notification_deliveries_retention")).toMatchObject({ data: { deleted: 1 } });
    expect((await c.repo.notifications.listRecent(10)).map((d) => d.title)).toEqual(["t2"]);
  });

  test("expired sessions and API tokens are deleted, live ones kept", async () => {
    await user(c.repo, "1");
    const soon = new Date(c.clock.now().getTime() + HOUR).toISOString();
    const later = new Date(c.clock.now().getTime() + DAY).toISOString();
    for (const [id, expires] of [
      ["s1", soon],
      ["s2", later],
    ] as const) {
      await c.repo.sessions.create({
        hashed_id: id,
        user_id: "1",
        encrypted_tokens: "x",
        expires_at: expires,
      });
    }
    await c.repo.apiTokens.create({
      user_id: "1",
      name: "a",
      token_hash: "h1",
      token_prefix: "p1",
      scope: "read",
      expires_at: soon,
    });
    await c.repo.apiTokens.create({
      user_id: "1",
      name: "b",
      token_hash: "h2",
      token_prefix: "p2",
      scope: "read",
    });
    c.clock.advance(2 * HOUR);
    expect(await run("session_cleanup")).toMatchObject({ data: { deleted: 1 } });
    expect(await run("api_token_cleanup")).toMatchObject({ data: { deleted: 1 } });
    expect(await run("session_cleanup")).toMatchObject({ data: { deleted: 0 } });
  });

  test("category art that found new IGDB ids asks for the metadata run at once; metadata reports or says why it skipped", async () => {
    const asked: string[] = [];
    const runTaskNow = async (name: string) => asked.push(name);
    await run("category_art_sync", {
      runTaskNow,
      categoryArt: { run: async () => ({ updated: 3, igdbIds: 0 }) },
    });
    expect(asked).toEqual([]);
    expect(
      await run("category_art_sync", {
        runTaskNow,
        categoryArt: { run: async () => ({ updated: 3, igdbIds: 2 }) },
      }),
    ).toMatchObject({ data: { updated: 3, igdb_ids: 2 } });
    expect(asked).toEqual(["category_metadata_sync"]);

    const metadata = tasks().find((t) => t.name === "category_metadata_sync");
    expect(metadata?.interval_seconds).toBe(24 * 3600);
    let toldNow: Date | undefined;
    const categoryMetadata = {
      run: async (now: Date) => {
        toldNow = now;
        return { kind: "done" as const, checked: 120, described: 97 };
      },
    };
    expect(await run("category_metadata_sync", { categoryMetadata })).toEqual({
      summary: "120 categories checked on IGDB, 97 described",
      data: { checked: 120, described: 97 },
      idle: false,
    });
    expect(toldNow).toEqual(c.clock.now());
    const skipped = { run: async () => ({ kind: "skipped" as const, reason: "no Twitch application" }) };
    expect(await run("category_metadata_sync", { categoryMetadata: skipped })).toEqual({
      status: "skipped",
      summary: "no Twitch application",
    });
  });

  test("EventSub tasks are placeholders without EventSub, and run the manager's work with it", async () => {
    const placeholders = tasks().filter((t) => t.name.startsWith("eventsub_"));
    expect(placeholders.map((t) => [t.name, t.interval_seconds])).toEqual([
      ["eventsub_reconcile_channels", 0],
      ["eventsub_snapshot", 0],
    ]);
    const calls: string[] = [];
    const eventsub = {
      reconcileChannels: async () => {
        calls.push("reconcile");
        return { created: 2, deleted: 1 };
      },
      snapshot: async () => {
        calls.push("snapshot");
      },
    };
    const live = tasks({ eventsub }).filter((t) => t.name.startsWith("eventsub_"));
    expect(live.map((t) => t.interval_seconds)).toEqual([3600, 600]);
    expect(await run("eventsub_reconcile_channels", { eventsub })).toMatchObject({
      data: { created: 2, deleted: 1 },
    });
    await run("eventsub_snapshot", { eventsub });
    expect(calls).toEqual(["reconcile", "snapshot"]);

    // The first runs wait for the boot-time reconcile: the reconcile instead of racing it on Twitch, the
    // snapshot so that it counts the subscriptions the boot creates (not an empty quota beside a full list).
    let booted: () => void = () => {};
    const eventsubBooted = new Promise<void>((resolve) => (booted = resolve));
    const waiting = [
      run("eventsub_reconcile_channels", { eventsub, eventsubBooted }),
      run("eventsub_snapshot", { eventsub, eventsubBooted }),
    ];
    expect(calls).toEqual(["reconcile", "snapshot"]);
    booted();
    await Promise.all(waiting);
    expect(calls).toEqual(["reconcile", "snapshot", "reconcile", "snapshot"]);
  });
});
