import { expect, test } from "bun:test";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import { channel, running, startInput } from "./fixtures.ts";
import { contract } from "./harness.ts";

contract("recordings", (c) => {
  const part = (video_id: number, part_index: number) => ({
    video_id,
    part_index,
    filename: `v${video_id}-part${part_index}.mp4`,
    quality: "1080p",
    fps: 60,
    codec: "h264" as const,
    segment_format: "ts" as const,
    start_media_seq: part_index * 100,
  });

  test("starting creates a PENDING video and job with the first title and category", async () => {
    await channel(c.repo, "1");
    const { video, job } = await c.repo.recordings.start(
      startInput("1", {
        title: "Day 1",
        category: { id: "g", name: "Game" },
        viewer_count: 50,
        retention_window_hours: 24,
      }),
    );
    expect(video).toMatchObject({
      status: "PENDING",
      job_id: job.id,
      title: "Day 1",
      primary_category_id: "g",
      viewer_count: 50,
      start_download_at: c.clock.iso(),
      duration_seconds: null,
      truncated: false,
      completion_kind: "complete",
    });
    expect(job).toMatchObject({
      status: "PENDING",
      video_id: video.id,
      resume_state: {},
      started_at: null,
      instance_id: null,
    });
    expect((await c.repo.timeline.titleSpans(video.id)).map((s) => s.name)).toEqual(["Day 1"]);
    expect((await c.repo.timeline.categorySpans(video.id)).map((s) => s.category_id)).toEqual(["g"]);
    expect(await c.repo.timeline.changes(video.id)).toEqual([
      expect.objectContaining({
        media_offset_seconds: 0,
        title: expect.objectContaining({ name: "Day 1" }),
        category: { id: "g", name: "Game", box_art_url: null },
      }),
    ]);
  });

  test("a channel has at most one open recording; the next starts once it ends", async () => {
    await channel(c.repo, "1");
    await channel(c.repo, "2");
    const first = await running(c.repo, "1");
    await expect(c.repo.recordings.start(startInput("1"))).rejects.toBeInstanceOf(ConflictError);
    expect((await c.repo.recordings.openJobForBroadcaster("1"))?.id).toBe(first.job.id);
    await c.repo.recordings.start(startInput("2"));
    await c.repo.recordings.finish({
      job_id: first.job.id,
      status: "FAILED",
      completion_kind: "cancelled",
      truncated: true,
      error: "cancelled by user",
    });
    expect(await c.repo.recordings.openJobForBroadcaster("1")).toBeNull();
    await c.repo.recordings.start(startInput("1"));
  });

  test("recording an unwatched channel is NotFound", async () => {
    await expect(c.repo.recordings.start(startInput("404"))).rejects.toBeInstanceOf(NotFoundError);
  });

  test("running, checkpoints and the chosen variant are stored", async () => {
    await channel(c.repo, "1");
    const { job } = await c.repo.recordings.start(startInput("1"));
    const started = c.clock.advance(1000);
    const run = await c.repo.recordings.markRunning(job.id);
    expect(run.job).toMatchObject({ status: "RUNNING", started_at: started });
    expect(run.video.status).toBe("RUNNING");
    c.clock.advance(1000);
    // A restart marks it running again: the first start time stays.
    expect((await c.repo.recordings.markRunning(job.id)).job.started_at).toBe(started);
    const state = {
      stage: "SEGMENTS",
      part: 1,
      frontier: 1234,
      gaps: [{ media_seq: 7, reason: "stitched-ad" }],
      endlist: false,
    };
    await c.repo.recordings.checkpoint(job.id, state);
    expect((await c.repo.recordings.getJob(job.id))?.resume_state).toEqual(state);
    await c.repo.recordings.selectVariant(job.id, { quality: "1440p", fps: 59.94 });
    expect(await c.repo.videos.getByJobId(job.id)).toMatchObject({
      selected_quality: "1440p",
      selected_fps: 59.94,
    });
    await expect(c.repo.recordings.checkpoint("nope", {})).rejects.toBeInstanceOf(NotFoundError);
  });

  test("parts are numbered once, and finalizing keeps the video's totals equal to its parts", async () => {
    await channel(c.repo, "1");
    const { video, job } = await running(c.repo, "1");
    const p1 = await c.repo.recordings.addPart(part(video.id, 1), { part: 1 });
    await expect(c.repo.recordings.addPart(part(video.id, 1))).rejects.toBeInstanceOf(ConflictError);
    await expect(c.repo.recordings.addPart(part(999_999, 1))).rejects.toBeInstanceOf(NotFoundError);
    expect((await c.repo.recordings.getJob(job.id))?.resume_state).toEqual({ part: 1 });
    const done1 = await c.repo.recordings.finalizePart(
      p1.id,
      { duration_seconds: 100.5, size_bytes: 3_000_000_000, end_media_seq: 150 },
      { part: 2 },
    );
    expect(done1).toMatchObject({
      duration_seconds: 100.5,
      size_bytes: 3_000_000_000,
      end_media_seq: 150,
      finalized_at: c.clock.iso(),
    });
    const p2 = await c.repo.recordings.addPart(part(video.id, 2));
    // An unfinalized part does not count yet.
    expect(await c.repo.videos.getByJobId(job.id)).toMatchObject({
      duration_seconds: 100.5,
      size_bytes: 3_000_000_000,
    });
    await c.repo.recordings.finalizePart(p2.id, {
      duration_seconds: 50,
      size_bytes: 2_000_000_000,
      thumbnail: "t.jpg",
    });
    expect(await c.repo.videos.getByJobId(job.id)).toMatchObject({
      duration_seconds: 150.5,
      size_bytes: 5_000_000_000,
    });
    expect((await c.repo.recordings.listParts(video.id)).map((p) => p.part_index)).toEqual([1, 2]);
  });

  test("a part that got no media is dropped with its checkpoint, and its number is free again; a finalized one stays", async () => {
    await channel(c.repo, "1");
    const { video, job } = await running(c.repo, "1");
    const p1 = await c.repo.recordings.addPart(part(video.id, 1), { parts: [1] });
    await c.repo.recordings.finalizePart(p1.id, { duration_seconds: 10, size_bytes: 1000 });
    await c.repo.recordings.addPart(part(video.id, 2), { parts: [1, 2] });
    expect(await c.repo.recordings.dropPart(video.id, 2, { parts: [1] })).toBe(true);
    expect((await c.repo.recordings.getJob(job.id))?.resume_state).toEqual({ parts: [1] });
    expect((await c.repo.recordings.listParts(video.id)).map((p) => p.part_index)).toEqual([1]);
    // The stream came back: the next part takes number 2 again.
    await c.repo.recordings.addPart(part(video.id, 2), { parts: [1, 2] });
    expect(await c.repo.recordings.dropPart(video.id, 1)).toBe(false);
    expect((await c.repo.recordings.listParts(video.id)).map((p) => p.part_index)).toEqual([1, 2]);
  });

  test("finishing closes spans, totals the parts, sets statuses and queues the webhook, once", async () => {
    await channel(c.repo, "1");
    const { video, job } = await running(c.repo, "1", { retention_window_hours: 48 });
    const p = await c.repo.recordings.addPart(part(video.id, 1));
    await c.repo.recordings.finalizePart(p.id, { duration_seconds: 60, size_bytes: 1000 });
    const end = c.clock.advance(3600_000);
    const webhook = {
      message_id: "m1",
      dedupe_key: `recording.completed:${video.id}`,
      event: "recording.completed" as const,
      video_id: video.id,
    };
    const done = await c.repo.recordings.finish({
      job_id: job.id,
      status: "DONE",
      completion_kind: "complete",
      truncated: false,
      thumbnail: "hero.jpg",
      webhook,
    });
    expect(done.video).toMatchObject({
      status: "DONE",
      downloaded_at: end,
      duration_seconds: 60,
      size_bytes: 1000,
      thumbnail: "hero.jpg",
      retention_due_at: new Date(Date.parse(end) + 48 * 3600_000).toISOString(),
    });
    expect(done.job).toMatchObject({ status: "DONE", finished_at: end, error: null });
    expect((await c.repo.timeline.titleSpans(video.id))[0]).toMatchObject({
      ended_at: end,
      duration_seconds: 3600,
    });
    expect((await c.repo.webhookDeliveries.listRecent(10)).map((d) => d.dedupe_key)).toEqual([
      webhook.dedupe_key,
    ]);
    // Finishing again changes nothing and queues nothing.
    c.clock.advance(1000);
    const again = await c.repo.recordings.finish({
      job_id: job.id,
      status: "FAILED",
      completion_kind: "partial",
      truncated: true,
      webhook: { ...webhook, message_id: "m2" },
    });
    expect(again.video.status).toBe("DONE");
    expect(await c.repo.webhookDeliveries.listRecent(10)).toHaveLength(1);
    await expect(c.repo.recordings.markRunning(job.id)).rejects.toBeInstanceOf(ConflictError);
  });

  test("when the transaction around finish fails, nothing of the finish remains", async () => {
    await channel(c.repo, "1");
    const { job, video } = await running(c.repo, "1");
    await expect(
      c.repo.transaction(async (tx) => {
        await tx.recordings.finish({
          job_id: job.id,
          status: "DONE",
          completion_kind: "complete",
          truncated: false,
        });
        throw new Error("crash after finish");
      }),
    ).rejects.toThrow("crash after finish");
    expect((await c.repo.recordings.getJob(job.id))?.status).toBe("RUNNING");
    expect((await c.repo.videos.getByJobId(job.id))?.status).toBe("RUNNING");
    expect((await c.repo.timeline.titleSpans(video.id))[0]?.ended_at).toBeNull();
  });

  test("unfinished jobs are listed for resume with their parts", async () => {
    await channel(c.repo, "1", "One");
    await channel(c.repo, "2", "Two");
    const a = await running(c.repo, "1");
    c.clock.advance(1000);
    const b = await c.repo.recordings.start(startInput("2"));
    await c.repo.recordings.addPart(part(a.video.id, 1));
    const unfinished = await c.repo.recordings.listUnfinished();
    expect(unfinished.map((u) => [u.job.id, u.broadcaster_login, u.parts.length])).toEqual([
      [a.job.id, "one", 1],
      [b.job.id, "two", 0],
    ]);
    await c.repo.recordings.finish({
      job_id: b.job.id,
      status: "FAILED",
      completion_kind: "complete",
      truncated: true,
    });
    expect((await c.repo.recordings.listUnfinished()).map((u) => u.job.id)).toEqual([a.job.id]);
  });
});

contract("timeline", (c) => {
  test("changes open and close spans, and repeated values are ignored", async () => {
    await channel(c.repo, "1");
    const { video } = await running(c.repo, "1", { title: "A", category: { id: "g1", name: "One" } });
    const t1 = c.clock.advance(600_000);
    expect(await c.repo.timeline.recordChange(video.id, { title: "B", media_offset_seconds: 598.5 })).toBe(
      true,
    );
    expect(
      await c.repo.timeline.recordChange(video.id, { title: "B", category: { id: "g1", name: "One" } }),
    ).toBe(false);
    const t2 = c.clock.advance(300_000);
    expect(
      await c.repo.timeline.recordChange(video.id, { title: "C", category: { id: "g2", name: "Two" } }),
    ).toBe(true);
    c.clock.advance(100_000);
    const titles = await c.repo.timeline.titleSpans(video.id);
    expect(titles.map((s) => [s.name, s.duration_seconds, s.ended_at])).toEqual([
      ["A", 600, t1],
      ["B", 300, t2],
      ["C", 100, null],
    ]);
    const categories = await c.repo.timeline.categorySpans(video.id);
    expect(categories.map((s) => [s.category_id, s.name, s.duration_seconds])).toEqual([
      ["g1", "One", 900],
      ["g2", "Two", 100],
    ]);
    const changes = await c.repo.timeline.changes(video.id);
    expect(
      changes.map((ch) => [ch.title?.name ?? null, ch.category?.id ?? null, ch.media_offset_seconds]),
    ).toEqual([
      ["A", "g1", 0],
      ["B", null, 598.5],
      ["C", "g2", null],
    ]);
  });

  test("shutdown closes spans, and resume reopens the last title and category", async () => {
    await channel(c.repo, "1");
    const { video } = await running(c.repo, "1", { title: "A", category: { id: "g", name: "G" } });
    const stop = c.clock.advance(60_000);
    await c.repo.timeline.closeOpenSpans(video.id);
    c.clock.advance(60_000);
    await c.repo.timeline.reopenSpans(video.id);
    await c.repo.timeline.reopenSpans(video.id);
    const spans = await c.repo.timeline.titleSpans(video.id);
    expect(spans.map((s) => [s.name, s.ended_at])).toEqual([
      ["A", stop],
      ["A", null],
    ]);
    expect((await c.repo.timeline.categorySpans(video.id)).filter((s) => s.ended_at === null)).toHaveLength(
      1,
    );
  });
});

contract("playback artifacts", (c) => {
  test("building, ready, touched, evicted in least-recently-used order", async () => {
    await channel(c.repo, "1");
    const a = (await running(c.repo, "1")).video;
    await c.repo.recordings.finish({
      job_id: a.job_id,
      status: "DONE",
      completion_kind: "complete",
      truncated: false,
    });
    const b = (await running(c.repo, "1")).video;
    expect(await c.repo.playback.markBuilding(a.id)).toMatchObject({ status: "building", filename: null });
    await c.repo.playback.markReady(a.id, {
      filename: "a.mp4",
      mime_type: "video/mp4",
      duration_seconds: 10,
      size_bytes: 500,
    });
    await c.repo.playback.markReady(b.id, {
      filename: "b.mp4",
      mime_type: "video/mp4",
      duration_seconds: 10,
      size_bytes: 300,
    });
    expect(await c.repo.playback.totalReadyBytes()).toBe(800);
    c.clock.advance(1000);
    await c.repo.playback.touch(a.id);
    expect((await c.repo.playback.listReadyByLeastRecentUse(10)).map((x) => x.video_id)).toEqual([
      b.id,
      a.id,
    ]);
    expect(
      await c.repo.playback.markFailed(b.id, { status: "unavailable", error: "codecs differ" }),
    ).toMatchObject({
      status: "unavailable",
      filename: null,
      error: "codecs differ",
    });
    expect(await c.repo.playback.totalReadyBytes()).toBe(500);
    expect(await c.repo.playback.delete(a.id)).toBe(true);
    expect(await c.repo.playback.get(a.id)).toBeNull();
    await expect(c.repo.playback.markBuilding(999_999)).rejects.toBeInstanceOf(NotFoundError);
  });

  test("a build's progress moves only while building; stale rows go only in the state they were seen in", async () => {
    await channel(c.repo, "1");
    await channel(c.repo, "2");
    const a = (await running(c.repo, "1")).video;
    const b = (await running(c.repo, "2")).video;
    expect((await c.repo.playback.markBuilding(a.id)).progress).toBeNull();
    await c.repo.playback.setProgress(a.id, 0.25);
    expect((await c.repo.playback.get(a.id))?.progress).toBe(0.25);
    await c.repo.playback.setProgress(a.id, 7);
    expect((await c.repo.playback.get(a.id))?.progress).toBe(1);
    c.clock.advance(1000);
    await c.repo.playback.markBuilding(b.id);
    expect((await c.repo.playback.listByStatus("building", 10)).map((x) => x.video_id)).toEqual([a.id, b.id]);
    const ready = await c.repo.playback.markReady(a.id, {
      filename: "a-playback.mp4",
      mime_type: "video/mp4",
      duration_seconds: 8,
      size_bytes: 400,
    });
    expect(ready).toMatchObject({ status: "ready", progress: null, error: null });
    await c.repo.playback.setProgress(a.id, 0.5);
    expect((await c.repo.playback.get(a.id))?.progress).toBeNull();
    expect(await c.repo.playback.listByStatus("building", 10)).toHaveLength(1);

    // Seen building, now ready: not deleted; seen ready with another file: not deleted either.
    expect(await c.repo.playback.deleteIf(a.id, { status: "building" })).toBe(false);
    expect(await c.repo.playback.deleteIf(a.id, { status: "ready", filename: "other.mp4" })).toBe(false);
    expect(await c.repo.playback.deleteIf(a.id, { status: "ready", filename: "a-playback.mp4" })).toBe(true);
    expect(await c.repo.playback.get(a.id)).toBeNull();
    expect(await c.repo.playback.deleteIf(b.id, { status: "building" })).toBe(true);
    expect(await c.repo.playback.listByStatus("building", 10)).toEqual([]);
  });
});

contract("recordings, details", (c) => {
  test("the stream's tags are linked to the video", async () => {
    await channel(c.repo, "1");
    const { video } = await c.repo.recordings.start(
      startInput("1", { tags: ["English", "Speedrun", "English"] }),
    );
    const t = c.handle;
    const rows =
      t.dialect === "sqlite"
        ? t.client
            .query(
              "SELECT tags.name FROM video_tags JOIN tags ON tags.id = video_tags.tag_id WHERE video_id = ? ORDER BY 1",
            )
            .all(video.id)
        : await t.client`SELECT tags.name FROM video_tags JOIN tags ON tags.id = video_tags.tag_id WHERE video_id = ${video.id} ORDER BY 1`;
    expect([...rows].map((r) => (r as { name: string }).name)).toEqual(["English", "Speedrun"]);
  });
});

contract("recordings: boot repair", (c) => {
  /** Runs raw SQL: the inconsistency repaired here cannot be made through the repository itself. */
  const raw = async (query: string) => {
    if (c.handle.dialect === "sqlite") c.handle.client.run(query);
    else await c.handle.client.unsafe(query);
  };

  test("a video left RUNNING whose job ended is closed as its job ended; open recordings are left alone", async () => {
    await channel(c.repo, "1");
    await channel(c.repo, "2");
    await channel(c.repo, "3");
    const failed = await running(c.repo, "1");
    const done = await running(c.repo, "2");
    const live = await running(c.repo, "3");
    await raw(`update jobs set status = 'FAILED', error = 'disk full' where id = '${failed.job.id}'`);
    await raw(`update jobs set status = 'DONE' where id = '${done.job.id}'`);

    expect(await c.repo.recordings.repairOrphans()).toBe(2);
    expect(await c.repo.videos.getById(failed.video.id)).toMatchObject({
      status: "FAILED",
      error: "disk full",
    });
    expect(await c.repo.videos.getById(done.video.id)).toMatchObject({ status: "DONE", error: null });
    expect((await c.repo.videos.getById(live.video.id))?.status).toBe("RUNNING");
    // The channel is free again, and a second pass finds nothing.
    expect(await c.repo.recordings.openJobForBroadcaster("1")).toBeNull();
    expect(await c.repo.recordings.repairOrphans()).toBe(0);
  });
});
