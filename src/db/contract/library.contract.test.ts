import { expect, test } from "bun:test";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import { channel, finishedVideo, library, running, user } from "./fixtures.ts";
import { contract } from "./harness.ts";

const HOUR = 3600_000;

contract("video details, search and statistics", (c) => {
  test("the player page gets the video with its parts, artifact and watch state", async () => {
    await user(c.repo, "u");
    await channel(c.repo, "1");
    const video = await finishedVideo(c.repo, "1", {
      parts: [
        { duration_seconds: 10, size_bytes: 1 },
        { duration_seconds: 20, size_bytes: 2 },
      ],
    });
    await c.repo.playback.markBuilding(video.id);
    await c.repo.watch.recordProgress("u", video.id, {
      position_seconds: 12,
      completed: false,
      observed_at_ms: 5,
    });
    const detail = await c.repo.videos.getById(video.id, "u");
    expect(detail?.parts.map((p) => [p.part_index, p.duration_seconds])).toEqual([
      [1, 10],
      [2, 20],
    ]);
    expect(detail?.playback_artifact?.status).toBe("building");
    expect(detail?.user_state).toMatchObject({
      last_position_seconds: 12,
      watched_at: c.clock.iso(),
      completed_at: null,
    });
    expect(detail).toMatchObject({ duration_seconds: 30, size_bytes: 3, status: "DONE" });
    expect(await c.repo.videos.getById(999_999)).toBeNull();
  });

  test("search ranks title, then channel, then category matches, newest first within a rank", async () => {
    await channel(c.repo, "1", "speedrunner");
    await channel(c.repo, "2", "Cooking");
    c.clock.advance(HOUR);
    const channelMatch = await finishedVideo(c.repo, "1", { title: "Morning stream" });
    c.clock.advance(HOUR);
    const categoryMatch = await finishedVideo(c.repo, "2", {
      title: "Pasta",
      category: { id: "g", name: "Speedrun" },
    });
    c.clock.advance(HOUR);
    const titlePrefix = await finishedVideo(c.repo, "2", { title: "Speedrun practice" });
    const substring = await finishedVideo(c.repo, "2", { title: "Any% speedrun WR" });
    c.clock.advance(HOUR);
    const exact = await finishedVideo(c.repo, "2", { title: "speedrun" });
    await finishedVideo(c.repo, "2", { title: "Nothing here" });
    const found = await c.repo.videos.search("SpeedRun", 10);
    expect(found.map((v) => v.id)).toEqual([
      exact.id,
      titlePrefix.id,
      channelMatch.id,
      categoryMatch.id,
      substring.id,
    ]);
    expect((await c.repo.videos.search("speedrun", 2)).map((v) => v.id)).toEqual([exact.id, titlePrefix.id]);
  });

  test("search also finds a title the stream had later", async () => {
    await channel(c.repo, "1");
    const { video, job } = await running(c.repo, "1", { title: "Start" });
    await c.repo.timeline.recordChange(video.id, { title: "Boss fight" });
    await c.repo.recordings.finish({
      job_id: job.id,
      status: "DONE",
      completion_kind: "complete",
      truncated: false,
    });
    expect((await c.repo.videos.search("boss", 10)).map((v) => v.id)).toEqual([video.id]);
    expect(await c.repo.videos.search("", 10)).toEqual([]);
  });

  test("statistics count the library, the week, the incomplete, the cancelled, the removed and the viewer's lists", async () => {
    await user(c.repo, "u");
    await channel(c.repo, "1");
    await channel(c.repo, "2");
    await finishedVideo(c.repo, "1", {
      parts: [{ duration_seconds: 100, size_bytes: 1000 }],
      completion_kind: "cancelled",
    });
    c.clock.advance(8 * 24 * HOUR);
    const [a, b, d] = await library(c.repo, c.clock, 3, ["1", "2"], (i) => ({
      parts: [{ duration_seconds: 10 * (i + 1), size_bytes: 100 * (i + 1) }],
      ...(i === 1 ? { status: "FAILED" as const, completion_kind: "partial" as const } : {}),
    }));
    await running(c.repo, "2");
    await c.repo.watch.setWatchLater("u", b?.id as number, true);
    await c.repo.watch.recordProgress("u", a?.id as number, {
      position_seconds: 1,
      completed: false,
      observed_at_ms: 1,
    });
    await c.repo.videos.requestDelete(d?.id as number);
    await c.repo.videos.markDeleted(d?.id as number, "manual");
    const stats = await c.repo.videos.statistics("u");
    expect(stats).toEqual({
      total: 4,
      total_size: 1300,
      total_duration_seconds: 130,
      // In lifecycle order, statuses with no video left out.
      by_status: [
        { status: "RUNNING", count: 1 },
        { status: "DONE", count: 2 },
        { status: "FAILED", count: 1 },
      ],
      this_week: 3,
      incomplete: 1,
      cancelled: 1,
      channels: 2,
      removed: 1,
      watch_later: 1,
      unwatched: 3,
    });
    expect((await c.repo.videos.statistics(null)).watch_later).toBe(0);
    expect(await c.repo.videos.totalsForBroadcaster("1")).toEqual({
      total: 2,
      total_size: 1100,
      total_duration_seconds: 110,
    });
    expect(await c.repo.videos.totalsForBroadcaster("none")).toEqual({
      total: 0,
      total_size: 0,
      total_duration_seconds: 0,
    });
  });
});

contract("deleting recordings", (c) => {
  test("only finished, present recordings can be queued for deletion; queuing twice is harmless", async () => {
    await channel(c.repo, "1");
    const done = await finishedVideo(c.repo, "1");
    const live = await running(c.repo, "1");
    await expect(c.repo.videos.requestDelete(live.video.id)).rejects.toBeInstanceOf(ConflictError);
    await expect(c.repo.videos.requestDelete(999_999)).rejects.toBeInstanceOf(NotFoundError);
    const queued = await c.repo.videos.requestDelete(done.id);
    expect(queued.delete_requested_at).toBe(c.clock.iso());
    c.clock.advance(1000);
    expect((await c.repo.videos.requestDelete(done.id)).delete_requested_at).toBe(queued.delete_requested_at);
    expect((await c.repo.videos.listDeleteRequested(10)).map((v) => v.id)).toEqual([done.id]);
  });

  test("a tombstone keeps the video row, drops parts and artifact, and hides it from the library", async () => {
    await channel(c.repo, "1");
    const video = await finishedVideo(c.repo, "1");
    await c.repo.playback.markBuilding(video.id);
    const removed = await c.repo.videos.markDeleted(video.id, "retention");
    expect(removed).toMatchObject({ deleted_at: c.clock.iso(), deletion_kind: "retention" });
    const detail = await c.repo.videos.getById(video.id);
    expect(detail?.parts).toEqual([]);
    expect(detail?.playback_artifact).toBeNull();
    expect((await c.repo.videos.listPage({ viewer_id: null, limit: 10 })).items).toEqual([]);
    expect((await c.repo.videos.markDeleted(video.id, "manual")).deletion_kind).toBe("retention");
    await expect(c.repo.videos.requestDelete(video.id)).rejects.toBeInstanceOf(ConflictError);
  });

  test("retention finds what outlived its window, except while a webhook still needs the files", async () => {
    await channel(c.repo, "1");
    const short = await finishedVideo(c.repo, "1", { retention_window_hours: 1 });
    const long = await finishedVideo(c.repo, "1", { retention_window_hours: 48 });
    const failedComplete = await finishedVideo(c.repo, "1", { retention_window_hours: 1, status: "FAILED" });
    await finishedVideo(c.repo, "1");
    expect(await c.repo.videos.listRetentionDue(10)).toEqual([]);
    c.clock.advance(2 * HOUR);
    expect((await c.repo.videos.listRetentionDue(10)).map((v) => v.id)).toEqual([short.id]);

    const delivery = await c.repo.webhookDeliveries.enqueue({
      message_id: "m",
      dedupe_key: `recording.completed:${short.id}`,
      event: "recording.completed",
      video_id: short.id,
    });
    expect(await c.repo.videos.listRetentionDue(10)).toEqual([]);
    await c.repo.webhookDeliveries.freezeParts(delivery?.id as number, [
      { part_index: 1, path: "videos/x.mp4", size_bytes: 1, duration_seconds: 1 },
    ]);
    expect((await c.repo.videos.listRetentionDue(10)).map((v) => v.id)).toEqual([short.id]);
    c.clock.advance(48 * HOUR);
    expect((await c.repo.videos.listRetentionDue(10)).map((v) => v.id)).toEqual([short.id, long.id]);
    expect(failedComplete.retention_due_at).not.toBeNull();
  });
});

contract("watch state and requests", (c) => {
  test("progress: first report marks watched, later observations win, completion sticks", async () => {
    await user(c.repo, "u");
    await channel(c.repo, "1");
    const video = await finishedVideo(c.repo, "1");
    const first = c.clock.iso();
    await c.repo.watch.recordProgress("u", video.id, {
      position_seconds: 100,
      completed: false,
      observed_at_ms: 2000,
    });
    c.clock.advance(1000);
    const stale = await c.repo.watch.recordProgress("u", video.id, {
      position_seconds: 50,
      completed: false,
      observed_at_ms: 1000,
    });
    expect(stale).toMatchObject({ last_position_seconds: 100, last_progress_at_ms: 2000, watched_at: first });
    const done = c.clock.advance(1000);
    await c.repo.watch.recordProgress("u", video.id, {
      position_seconds: 3600,
      completed: true,
      observed_at_ms: 3000,
    });
    c.clock.advance(1000);
    const rewatch = await c.repo.watch.recordProgress("u", video.id, {
      position_seconds: 10,
      completed: false,
      observed_at_ms: 4000,
    });
    expect(rewatch).toMatchObject({ last_position_seconds: 10, watched_at: first, completed_at: done });
  });

  test("progress is refused for recordings not finished or removed", async () => {
    await user(c.repo, "u");
    await channel(c.repo, "1");
    const live = await running(c.repo, "1");
    await expect(
      c.repo.watch.recordProgress("u", live.video.id, {
        position_seconds: 1,
        completed: false,
        observed_at_ms: 1,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(c.repo.watch.setWatchLater("u", 999_999, true)).rejects.toBeInstanceOf(NotFoundError);
  });

  test("watch later toggles without touching progress", async () => {
    await user(c.repo, "u");
    await channel(c.repo, "1");
    const video = await finishedVideo(c.repo, "1");
    await c.repo.watch.recordProgress("u", video.id, {
      position_seconds: 7,
      completed: false,
      observed_at_ms: 1,
    });
    expect(await c.repo.watch.setWatchLater("u", video.id, true)).toMatchObject({
      watch_later: true,
      last_position_seconds: 7,
    });
    expect((await c.repo.watch.setWatchLater("u", video.id, false)).watch_later).toBe(false);
  });

  test("requests are per user, idempotent, newest first", async () => {
    await user(c.repo, "u");
    await channel(c.repo, "1");
    const [a, b] = await library(c.repo, c.clock, 2, ["1"]);
    await c.repo.watch.request("u", a?.id as number);
    c.clock.advance(1000);
    await c.repo.watch.request("u", b?.id as number);
    await c.repo.watch.request("u", b?.id as number);
    const requests = await c.repo.watch.listRequests("u", { limit: 10, offset: 0 });
    expect(requests.map((r) => [r.video_id, r.status])).toEqual([
      [b?.id as number, "DONE"],
      [a?.id as number, "DONE"],
    ]);
  });

  test("the requests page names who asked, for what, when and how it ended; everyone's or one person's", async () => {
    await user(c.repo, "u", "ursula");
    await user(c.repo, "v", "victor");
    await channel(c.repo, "1", "Speedrunner");
    const [a, b] = await library(c.repo, c.clock, 2, ["1"], (i) =>
      i === 0 ? { title: "Any% attempts", completion_kind: "cancelled" } : { title: "Chill" },
    );
    const requestedA = c.clock.advance(1000);
    await c.repo.watch.request("u", a?.id as number);
    c.clock.advance(1000);
    await c.repo.watch.request("v", b?.id as number);
    c.clock.advance(1000);
    await c.repo.watch.request("v", a?.id as number);
    await c.repo.videos.requestDelete(a?.id as number);
    const removedAt = c.clock.advance(1000);
    await c.repo.videos.markDeleted(a?.id as number, "manual");

    const everyone = await c.repo.watch.requestsPage({ userId: null, limit: 2, offset: 0 });
    expect(everyone.total).toBe(3);
    expect(everyone.data.map((r) => [r.requested_by.login, r.video_id])).toEqual([
      ["victor", a?.id as number],
      ["victor", b?.id as number],
    ]);
    const ursula = await c.repo.watch.requestsPage({ userId: "u", limit: 10, offset: 0 });
    expect(ursula).toEqual({
      total: 1,
      data: [
        {
          video_id: a?.id as number,
          title: "Any% attempts",
          display_name: a?.display_name as string,
          broadcaster_id: "1",
          broadcaster_name: "Speedrunner",
          status: "DONE",
          completion_kind: "cancelled",
          duration_seconds: 3600,
          deleted_at: removedAt,
          requested_at: requestedA,
          requested_by: { id: "u", login: "ursula", display_name: "URSULA" },
        },
      ],
    });
    expect((await c.repo.watch.requestsPage({ userId: null, limit: 2, offset: 2 })).data).toHaveLength(1);
    expect(await c.repo.watch.requestsPage({ userId: "nobody", limit: 10, offset: 0 })).toEqual({
      total: 0,
      data: [],
    });
  });
});
