import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Repository } from "../../src/db/repository.ts";
import { probe } from "../../src/media/ffprobe.ts";
import { ChannelBusyError } from "../../src/recorder/recorder.service.ts";
import { decodeErrors } from "../support/media.ts";
import { simulator } from "../support/recorder.ts";
import { recorderWorld } from "../support/recorder-world.ts";

// The recorder service over a real SQLite database: what the rest of replayd (schedules, the API) calls.
const sim = simulator({ warp: 4, seed: 41 });
afterAll(() => sim.stop());
const LIVE = { segment_seconds: 0.5, ladder: ["360p30"], window_segments: 30, bitrate_kbps: 300 };

async function setup() {
  const world = await recorderWorld(sim.url, { maxConcurrent: 2 });
  const { dir, db, repo, bus, recorder: service, watch } = world;
  const events: string[] = [];
  bus.on("recording.started", () => events.push("started"));
  bus.on("recording.progress", (p) => events.push(`progress:${p.stage}`));
  bus.on("recording.finished", (f) => events.push(`finished:${f.outcome}`));
  return { dir, db, repo, service, events, watch };
}

async function video(repo: Repository, videoId: number) {
  return (await repo.videos.getById(videoId)) as NonNullable<
    Awaited<ReturnType<Repository["videos"]["getById"]>>
  >;
}

describe("RecorderService", () => {
  test("a broadcast that stays away past the rejoin window ends its video; the next one is a new video", async () => {
    const { db, repo, service, events, watch } = await setup();
    try {
      const login = "night_owl_music";
      const channel = await watch(login);
      await sim.control(`/channels/${login}/live`, LIVE);
      const first = await service.start({
        broadcaster: channel,
        quality: "source",
        recordingType: "video",
        forceH264: false,
      });
      await expect(
        service.start({ broadcaster: channel, quality: "source", recordingType: "video", forceH264: false }),
      ).rejects.toBeInstanceOf(ChannelBusyError);
      await sim.until(login, 20);
      await sim.control(`/channels/${login}/offline`, { end: "endlist" });
      await service.idle();
      const done = await video(repo, first.videoId);
      expect(done).toMatchObject({ status: "DONE", completion_kind: "complete", truncated: false });
      expect(done.thumbnail).toMatch(/^thumbnails\//);
      expect(done.duration_seconds ?? 0).toBeGreaterThan(5);

      await sim.control(`/channels/${login}/live`, LIVE);
      const second = await service.start({
        broadcaster: channel,
        quality: "source",
        recordingType: "video",
        forceH264: false,
      });
      expect(second.videoId).not.toBe(first.videoId);
      await sim.until(login, 10);
      await sim.control(`/channels/${login}/offline`, { end: "endlist" });
      await service.idle();
      expect((await video(repo, second.videoId)).status).toBe("DONE");
      expect((await repo.recordings.listParts(first.videoId)).length).toBe(1);
      expect(events).toContain("started");
      expect(events).toContain("progress:recording");
      expect(events.filter((e) => e === "finished:finished")).toHaveLength(2);
    } finally {
      await db.close();
    }
  }, 120_000);

  test("cancel stops a recording and keeps what it had: DONE, marked cancelled, its part playable", async () => {
    const { dir, db, repo, service, watch } = await setup();
    try {
      const login = "retro_arena";
      const channel = await watch(login);
      await sim.control(`/channels/${login}/live`, LIVE);
      const started = await service.start({
        broadcaster: channel,
        quality: "360p",
        recordingType: "video",
        forceH264: false,
      });
      await sim.until(login, 15);
      expect(await service.cancel(started.jobId)).toBe(true);
      const cancelled = await video(repo, started.videoId);
      expect(cancelled).toMatchObject({
        status: "DONE",
        completion_kind: "cancelled",
        truncated: true,
        error: null,
      });
      const parts = await repo.recordings.listParts(started.videoId);
      expect(parts.length).toBe(1);
      expect(parts[0]?.finalized_at).not.toBeNull();
      const file = join(dir, "videos", parts[0]?.filename ?? "missing");
      expect(await decodeErrors(file)).toBe("");
      expect((await probe(file)).durationSeconds).toBeGreaterThan(3);
      expect(service.isRecording(channel.id)).toBe(false);
      await sim.control(`/channels/${login}/offline`, { end: "endlist" });
    } finally {
      await db.close();
    }
  }, 60_000);

  test("at boot, a video left RUNNING without a running job is closed, and its channel records again", async () => {
    const { db, repo, service, watch } = await setup();
    try {
      const channel = await watch("night_owl_music");
      const { video: orphan, job } = await repo.recordings.start({
        job_id: crypto.randomUUID(),
        filename: "orphan",
        display_name: "night_owl_music",
        title: "",
        quality: "source",
        recording_type: "video",
        force_h264: false,
        broadcaster_id: channel.id,
        language: "en",
      });
      await repo.recordings.markRunning(job.id);
      // What an older replayd could leave: the job ended, the video never heard of it.
      if (db.dialect === "sqlite") db.client.run(`update jobs set status = 'FAILED' where id = '${job.id}'`);
      await service.resumeUnfinished();
      expect(await video(repo, orphan.id)).toMatchObject({ status: "FAILED" });
      expect(await repo.recordings.openJobForBroadcaster(channel.id)).toBeNull();
      await sim.control("/channels/night_owl_music/live", LIVE);
      const next = await service.start({
        broadcaster: channel,
        quality: "360p",
        recordingType: "video",
        forceH264: false,
      });
      expect(next.videoId).not.toBe(orphan.id);
      expect(await service.cancel(next.jobId)).toBe(true);
      await sim.control("/channels/night_owl_music/offline", { end: "endlist" });
    } finally {
      await db.close();
    }
  }, 60_000);
});
