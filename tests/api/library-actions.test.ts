import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TRPCError } from "@trpc/server";
import { finishedVideo, running } from "../../src/db/contract/fixtures.ts";
import type { Video } from "../../src/domain/videos.ts";
import { storageLayout } from "../../src/storage/layout.ts";
import { S3Storage } from "../../src/storage/s3.storage.ts";
import type { Storage } from "../../src/storage/storage.ts";
import { DELETE_REQUESTED_TASK, standardTasks } from "../../src/tasks/standard-tasks.ts";
import { apiWorld } from "../support/api.ts";
import { simulator } from "../support/recorder.ts";
import { startS3 } from "../support/s3.ts";
import { until } from "../support/until.ts";

// The library's write actions through the procedures, over the real services, both databases and both
// storages: deleting one recording or several (files gone from storage, the row kept as removed for the
// history), and adding a channel by its Twitch login against the simulator.

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TRPCError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

let s3: Awaited<ReturnType<typeof startS3>> | undefined;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3?.stop();
});

type World = Awaited<ReturnType<typeof apiWorld>>;

/** Every file a finished one-part recording has in storage: its part, the part's still and a snapshot. */
function keysOf(video: Video): string[] {
  return [
    storageLayout.videoFile(`${video.filename}-part01.mp4`),
    storageLayout.partThumbnail(video.filename, 1),
    storageLayout.snapshot(video.filename, 0),
  ];
}

async function storeFiles(storage: Storage, video: Video): Promise<void> {
  const file = join(mkdtempSync(join(tmpdir(), "replayd-delete-")), "bytes");
  writeFileSync(file, "not really media, but bytes that must go");
  for (const key of keysOf(video)) await storage.putFile(key, file, "application/octet-stream");
}

const stored = async (storage: Storage, video: Video) =>
  (await Promise.all(keysOf(video).map((key) => storage.size(key)))).filter((size) => size !== null).length;

/** The maintenance tasks as the server runs them; resolves once the boot run of the deletion task ended. */
async function startTasks(w: World): Promise<void> {
  await w.services.scheduler.start(
    standardTasks({ ...w.services, eventsub: null, retention: { fetch_logs_days: 14, event_logs_days: 14 } }),
  );
  await until("the deletion task's first run", async () => {
    const task = (await w.services.repo.tasks.list()).find((t) => t.name === DELETE_REQUESTED_TASK);
    return task && task.last_status !== "running" && task.last_run_at !== null;
  });
}

const STORAGES = [
  ["sqlite", "local"],
  ["pg", "local"],
  ["pg", "s3"],
] as const;

describe.each(STORAGES)("deleting recordings on %s with %s storage", (dialect, storageKind) => {
  async function world() {
    const storage =
      storageKind === "s3" ? new S3Storage(s3?.options ?? ({} as never)) : (undefined as Storage | undefined);
    const w = await apiWorld(dialect, storage ? { storage } : {});
    await w.services.repo.channels.upsert({
      broadcaster_id: "123",
      broadcaster_login: "chan",
      broadcaster_name: "Chan",
    });
    await w.services.repo.channels.upsert({
      broadcaster_id: "456",
      broadcaster_login: "live_one",
      broadcaster_name: "LiveOne",
    });
    await startTasks(w);
    const videos: Video[] = [];
    for (const size of [1_000, 20_000, 300_000]) {
      const video = await finishedVideo(w.services.repo, "123", {
        title: `Stream of ${size}`,
        parts: [{ duration_seconds: 60, size_bytes: size }],
      });
      await storeFiles(w.services.storage, video);
      videos.push(video);
    }
    return { w, videos };
  }

  test("several at once: admin only, all or none, the files removed at once by the woken task, the rows kept as removed", async () => {
    const { w, videos } = await world();
    const [a, b, c] = videos as [Video, Video, Video];
    try {
      const viewer = await w.user("viewer");
      const admin = await w.user("admin");
      expect((await failure(w.as(viewer).video.deleteMany({ ids: [a.id] }))).code).toBe("FORBIDDEN");
      expect((await failure(w.as(viewer).video.delete({ id: a.id }))).code).toBe("FORBIDDEN");

      // A selection holding a recording still running is refused whole, naming it; nothing is queued.
      const recording = await running(w.services.repo, "456", { title: "Live now" });
      const refused = await failure(w.as(admin).video.deleteMany({ ids: [a.id, recording.video.id] }));
      expect([refused.code, refused.message]).toEqual([
        "CONFLICT",
        `"Live now" (video ${recording.video.id}) is still recording; cancel it first, or leave it out`,
      ]);
      expect((await w.as(admin).video.getById({ id: a.id })).delete_requested_at).toBeNull();
      const single = await failure(w.as(admin).video.delete({ id: recording.video.id }));
      expect([single.code, single.message]).toEqual([
        "CONFLICT",
        `video ${recording.video.id} is still recording; cancel it first`,
      ]);

      const queuedAt = Date.now();
      expect(await w.as(admin).video.deleteMany({ ids: [a.id, b.id, a.id] })).toEqual({
        queued: 2,
        already_removed: 0,
        freed_bytes: 21_000,
      });
      // The task runs every minute; woken, it removes them in well under that.
      await until("both removed", async () => {
        const rows = await Promise.all([a, b].map((v) => w.as(admin).video.getById({ id: v.id })));
        return rows.every((v) => v.deleted_at !== null);
      });
      expect(Date.now() - queuedAt).toBeLessThan(20_000);
      expect([await stored(w.services.storage, a), await stored(w.services.storage, b)]).toEqual([0, 0]);
      expect(await stored(w.services.storage, c)).toBe(3);
      const removed = await w.as(admin).video.getById({ id: a.id });
      expect([removed.deletion_kind, removed.parts]).toEqual(["manual", []]);

      // The library no longer lists them; the history's "removed" scope does.
      const active = await w.as(viewer).video.listPage({ scope: "active" });
      expect(active.items.map((v) => v.id).sort()).toEqual([c.id, recording.video.id].sort());
      const history = await w.as(viewer).video.listPage({ scope: "removed" });
      expect(history.items.map((v) => v.id).sort()).toEqual([a.id, b.id].sort());
      expect((await w.as(viewer).video.statistics()).removed).toBe(2);

      // Sent again (a stale page): the removed ones are skipped, not refused.
      expect(await w.as(admin).video.deleteMany({ ids: [a.id, b.id] })).toEqual({
        queued: 0,
        already_removed: 2,
        freed_bytes: 0,
      });
      expect((await failure(w.as(admin).video.deleteMany({ ids: [a.id, 999_999] }))).code).toBe("NOT_FOUND");
    } finally {
      await w.services.scheduler.stop();
      await w.dispose();
    }
  }, 60_000);

  test("one from its page: queued, removed with its files; a second request is a conflict", async () => {
    const { w, videos } = await world();
    const [, , c] = videos as [Video, Video, Video];
    try {
      const admin = await w.user("admin");
      expect(await w.as(admin).video.delete({ id: c.id })).toEqual({ ok: true });
      await until(
        "the video removed",
        async () => (await w.as(admin).video.getById({ id: c.id })).deleted_at !== null,
      );
      expect(await stored(w.services.storage, c)).toBe(0);
      const again = await failure(w.as(admin).video.delete({ id: c.id }));
      expect([again.code, again.message]).toEqual(["CONFLICT", `video ${c.id} is already removed`]);
    } finally {
      await w.services.scheduler.stop();
      await w.dispose();
    }
  }, 60_000);

  test("video.deleteMany input: an empty selection or one over 200 is BAD_REQUEST naming ids", async () => {
    const w = await apiWorld(dialect);
    try {
      const admin = await w.user("admin");
      const empty = await failure(w.as(admin).video.deleteMany({ ids: [] }));
      expect([empty.code, empty.message]).toEqual(["BAD_REQUEST", "ids: pick at least one video"]);
      const ids = Array.from({ length: 201 }, (_, i) => i + 1);
      const many = await failure(w.as(admin).video.deleteMany({ ids }));
      expect([many.code, many.message]).toEqual(["BAD_REQUEST", "ids: at most 200 videos at once"]);
    } finally {
      await w.dispose();
    }
  });
});

describe.each(["sqlite", "pg"] as const)("adding a channel by login on %s (simulator)", (dialect) => {
  const sim = simulator({ seed: 23 });
  afterAll(() => sim.stop());

  test("owner only; a Twitch login is added and watched, an unknown one, a repeat and a malformed one are refused", async () => {
    const w = await apiWorld(dialect, { simUrl: sim.url });
    try {
      const owner = await w.user("owner");
      for (const role of ["viewer", "admin"] as const) {
        const who = await w.user(role);
        expect((await failure(w.as(who).channel.addByLogin({ login: "fresh_face" }))).code).toBe("FORBIDDEN");
      }
      const created = (await sim.control("/users", { login: "fresh_face", display_name: "FreshFace" })) as {
        id: string;
      };
      const announced: string[][] = [];
      w.services.bus.on("channels.watched", (e) => void announced.push(e.broadcaster_ids));

      // Typed as a person might: spaces around, capitals.
      const added = await w.as(owner).channel.addByLogin({ login: "  Fresh_Face " });
      expect([added?.broadcaster_id, added?.broadcaster_login, added?.broadcaster_name]).toEqual([
        created.id,
        "fresh_face",
        "FreshFace",
      ]);
      expect(announced).toEqual([[created.id]]);
      expect((await w.as(owner).channel.list()).map((c) => c.broadcaster_login)).toContain("fresh_face");

      const repeat = await failure(w.as(owner).channel.addByLogin({ login: "fresh_face" }));
      expect([repeat.code, repeat.message]).toEqual([
        "CONFLICT",
        "FreshFace (fresh_face) is already a watched channel",
      ]);
      const unknown = await failure(w.as(owner).channel.addByLogin({ login: "nobody_at_all" }));
      expect([unknown.code, unknown.message]).toEqual(["NOT_FOUND", "Twitch has no channel nobody_at_all"]);
      for (const login of ["abc", "with space", "dash-ed", "x".repeat(26), "émile_1"]) {
        const bad = await failure(w.as(owner).channel.addByLogin({ login }));
        expect([login, bad.code, bad.message]).toEqual([
          login,
          "BAD_REQUEST",
          "login: expected a Twitch login: 4 to 25 letters, digits or underscores",
        ]);
      }
      expect(announced).toHaveLength(1);
    } finally {
      await w.dispose();
    }
  });
});
