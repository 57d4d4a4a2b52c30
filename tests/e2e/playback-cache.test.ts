import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { channel, finishedVideo } from "../../src/db/contract/fixtures.ts";
import { contract } from "../../src/db/contract/harness.ts";
import type { Repository } from "../../src/db/repository.ts";
import type { VideoDetail } from "../../src/domain/videos.ts";
import { PlaybackCache, type PlaybackCacheDeps } from "../../src/playback-cache/playback-cache.service.ts";
import { storageLayout } from "../../src/storage/layout.ts";
import { LocalStorage } from "../../src/storage/local.storage.ts";
import { S3Storage } from "../../src/storage/s3.storage.ts";
import type { Storage } from "../../src/storage/storage.ts";
import { AS_VIEWER, mediaApp } from "../support/media-app.ts";
import { decodeErrors, probeFile } from "../support/media-probe.ts";
import { quiet, simulator } from "../support/recorder.ts";
import { recorderWorld } from "../support/recorder-world.ts";
import { startS3 } from "../support/s3.ts";
import { until } from "../support/until.ts";

// The playback cache over a real recording from the simulator, cut into parts every 3 s: the parts joined
// by ffmpeg into one file (its length the parts' sum, decoding cleanly), served in ranges, built when a
// viewer plays the parts or when asked, evicted least recently watched first, and left alone when off.

const sim = simulator({ warp: 4, seed: 83 });
const s3 = await startS3();
let world: Awaited<ReturnType<typeof recorderWorld>>;
let recorded: VideoDetail;
/** The recording's part files, for copies of it in other databases and storages. */
let partFiles: { path: string; duration_seconds: number; size_bytes: number }[] = [];

beforeAll(async () => {
  world = await recorderWorld(sim.url, { settings: { maxPartSeconds: 3 } });
  const login = "kitchen_lab";
  const broadcaster = await world.watch(login);
  await sim.control(`/channels/${login}/live`, {
    segment_seconds: 1,
    ladder: ["360p30"],
    // A long window: a recorder slowed by a busy machine still gets every segment (the window is not
    // what this is about, and a lost segment fails the recording).
    window_segments: 120,
    bitrate_kbps: 300,
  });
  const { videoId } = await world.recorder.start({
    broadcaster,
    quality: "source",
    recordingType: "video",
    forceH264: false,
  });
  // Three parts started: two are whole (3 s each); the stream ends during the third.
  await until(
    "a third part",
    async () => (await world.repo.recordings.listParts(videoId)).length >= 3,
    60_000,
  );
  await sim.control(`/channels/${login}/offline`, { end: "endlist" });
  await world.recorder.idle();
  const video = await world.repo.videos.getById(videoId);
  if (video?.status !== "DONE")
    throw new Error(`the recording did not finish: ${video?.status} (${video?.error})`);
  recorded = video;
  partFiles = video.parts.map((p) => ({
    path: world.storage.localPath(storageLayout.videoFile(p.filename)) as string,
    duration_seconds: p.duration_seconds,
    size_bytes: p.size_bytes,
  }));
}, 90_000);

afterAll(async () => {
  await world?.close();
  await sim.stop();
  await s3.stop();
});

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function cacheOver(repo: Repository, storage: Storage, over: Partial<PlaybackCacheDeps> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "replayd-pcache-"));
  return new PlaybackCache({
    repo,
    storage,
    scratchRoot: join(dir, "scratch"),
    dataDir: dir,
    ffmpegPath: "ffmpeg",
    ffprobePath: "ffprobe",
    log: quiet,
    recorderFloor: () => 0,
    ...over,
  });
}

function settings(repo: Repository, over: { enabled?: boolean; percent?: number; auto?: boolean } = {}) {
  return repo.serverSettings.update({
    playback_cache_enabled: over.enabled ?? true,
    playback_cache_max_percent: over.percent ?? 100,
    playback_cache_auto_generate: over.auto ?? true,
  });
}

/** A copy of the real recording in another database and storage: same part files, same durations. */
async function copyOfRecording(repo: Repository, storage: Storage): Promise<VideoDetail> {
  await channel(repo, "100");
  const video = await finishedVideo(repo, "100", {
    parts: partFiles.map((p) => ({ duration_seconds: p.duration_seconds, size_bytes: p.size_bytes })),
  });
  const parts = await repo.recordings.listParts(video.id);
  for (const [i, part] of parts.entries())
    await storage.putFile(storageLayout.videoFile(part.filename), partFiles[i]?.path as string, "video/mp4");
  return (await repo.videos.getById(video.id)) as VideoDetail;
}

const localStorage = () => new LocalStorage(mkdtempSync(join(tmpdir(), "replayd-pcache-store-")));

describe("a real multi-part recording", () => {
  test("opening it builds one file as long as its parts, which decodes cleanly and plays in ranges", async () => {
    expect(recorded.parts.length).toBeGreaterThanOrEqual(3);
    const { repo, storage } = world;
    await settings(repo);
    // The real repository, with the progress the build reports noted on the way.
    const progress: number[] = [];
    const watched: Repository = {
      ...repo,
      playback: {
        ...repo.playback,
        setProgress: async (id, fraction) => {
          progress.push(fraction);
          return repo.playback.setProgress(id, fraction);
        },
      },
    };
    const cache = cacheOver(watched, storage, { dataDir: world.dir });
    const server = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: mediaApp(repo, storage, "/nonexistent", cache).fetch,
    });
    const base = `http://127.0.0.1:${server.port}/api/v1/videos/${recorded.id}`;
    try {
      // A player's first request for part 1: the part plays at once, the single file is queued.
      const first = await fetch(`${base}/parts/1/stream`, { headers: { ...AS_VIEWER, Range: "bytes=0-" } });
      expect(first.status).toBe(206);
      await first.arrayBuffer();
      const started = performance.now();
      await cache.idle();
      const buildMs = performance.now() - started;

      const asset = await repo.playback.get(recorded.id);
      expect(asset).toMatchObject({ status: "ready", mime_type: "video/mp4", error: null, progress: null });
      const path = storage.localPath(storageLayout.videoFile(asset?.filename as string)) as string;
      const partsSeconds = sum(recorded.parts.map((p) => p.duration_seconds));
      const probed = await probeFile(path);
      console.log(
        `playback cache: ${recorded.parts.length} parts, ${partsSeconds.toFixed(3)} s → one file of ${probed.duration.toFixed(3)} s, ${asset?.size_bytes} bytes (parts ${sum(recorded.parts.map((p) => p.size_bytes))}), built in ${buildMs.toFixed(0)} ms; progress written ${progress.map((p) => p.toFixed(2)).join(", ")}`,
      );
      expect(Math.abs(probed.duration - partsSeconds)).toBeLessThan(0.1);
      expect(asset?.duration_seconds).toBeCloseTo(probed.duration, 1);
      expect(probed.streams.map((s) => [s.codec_type, s.codec_name]).sort()).toEqual([
        ["audio", "aac"],
        ["video", "h264"],
      ]);
      expect(await decodeErrors(path)).toBe("");
      // One plain MP4 with its index first (+faststart): a player can seek before it has the whole file.
      const bytes = new Uint8Array(readFileSync(path));
      expect(asset?.size_bytes).toBe(bytes.length);
      const boxes = new TextDecoder().decode(bytes.subarray(0, 64));
      expect(boxes.indexOf("moov")).toBeGreaterThan(boxes.indexOf("ftyp"));
      expect(boxes).not.toContain("moof");
      // The progress went forward from 0 and stopped short of 1 until the file was checked and stored.
      expect(progress[0]).toBe(0);
      expect(progress.at(-1)).toBe(0.99);
      expect(progress.every((p, i) => p <= 0.99 && (i === 0 || p >= (progress[i - 1] as number)))).toBe(true);

      // Served in ranges, as a browser does: a probe, 64 KiB steps to the end, a seek, the tail.
      const range = (value: string) =>
        fetch(`${base}/playback/stream`, { headers: { ...AS_VIEWER, Range: value } });
      const probe = await range("bytes=0-1");
      expect([probe.status, probe.headers.get("content-range"), probe.headers.get("content-type")]).toEqual([
        206,
        `bytes 0-1/${bytes.length}`,
        "video/mp4",
      ]);
      await probe.arrayBuffer();
      const pieces: Uint8Array[] = [];
      for (let start = 0; start < bytes.length; start += 65_536) {
        const res = await range(`bytes=${start}-${start + 65_535}`);
        expect(res.status).toBe(206);
        pieces.push(new Uint8Array(await res.arrayBuffer()));
      }
      const played = new Uint8Array(await new Blob(pieces).arrayBuffer());
      expect(Bun.hash(played)).toBe(Bun.hash(bytes));
      const middle = Math.floor(bytes.length / 2);
      const seek = await range(`bytes=${middle}-${middle + 9}`);
      expect(new Uint8Array(await seek.arrayBuffer())).toEqual(bytes.subarray(middle, middle + 10));
      const tail = await range("bytes=-100");
      expect(new Uint8Array(await tail.arrayBuffer())).toEqual(bytes.subarray(bytes.length - 100));
      const beyond = await range(`bytes=${bytes.length}-`);
      expect(beyond.status).toBe(416);
      // Ranges are not a new viewing; a request from the start is, and marks the file used.
      expect((await repo.playback.get(recorded.id))?.last_accessed_at).toBeNull();
      const start = await fetch(`${base}/playback/stream`, { headers: AS_VIEWER });
      expect(start.status).toBe(200);
      await start.arrayBuffer();
      expect((await repo.playback.get(recorded.id))?.last_accessed_at).not.toBeNull();
    } finally {
      server.stop(true);
      await cache.stop();
    }
  }, 60_000);

  test("on S3 the parts are joined in scratch and the file uploaded; the scratch folder is gone after", async () => {
    const { repo } = world;
    await settings(repo);
    const storage = new S3Storage(s3.options);
    const video = await copyOfRecording(repo, storage);
    const scratch = mkdtempSync(join(tmpdir(), "replayd-pcache-scratch-"));
    const cache = cacheOver(repo, storage, { scratchRoot: scratch });
    const asset = await cache.request(video.id);
    expect(asset.status).toBe("building");
    await cache.idle();
    const ready = await repo.playback.get(video.id);
    expect(ready).toMatchObject({ status: "ready", mime_type: "video/mp4" });
    const key = storageLayout.videoFile(ready?.filename as string);
    const stored = new Uint8Array(await new Response(await storage.read(key)).arrayBuffer());
    expect(stored.length).toBe(ready?.size_bytes as number);
    expect(await decodeErrors(stored)).toBe("");
    expect(ready?.duration_seconds as number).toBeCloseTo(sum(partFiles.map((p) => p.duration_seconds)), 0);
    expect(await Array.fromAsync(new Bun.Glob("**/*").scan({ cwd: scratch, onlyFiles: false }))).toEqual([
      "playback-cache",
    ]);
    const app = mediaApp(repo, storage);
    const res = await app.request(`/api/v1/videos/${video.id}/playback/stream`, {
      headers: { ...AS_VIEWER, Range: "bytes=1000-1999" },
    });
    expect(res.status).toBe(206);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(stored.subarray(1000, 2000));
    await cache.stop();
  }, 60_000);
});

contract("the playback cache", (c) => {
  test("eviction goes by last viewing, least recent first, down to the budget", async () => {
    const storage = localStorage();
    await settings(c.repo);
    // A disk of 1 GB, all free: at 100 % every file fits. Later the disk "shrinks" to fit the budget wanted.
    let totalBytes = 1e9;
    const cache = cacheOver(c.repo, storage, { disk: async () => ({ totalBytes, freeBytes: totalBytes }) });
    const videos = [
      await copyOfRecording(c.repo, storage),
      await copyOfRecording(c.repo, storage),
      await copyOfRecording(c.repo, storage),
    ];
    for (const v of videos) await cache.request(v.id);
    await cache.idle();
    const sizes = new Map<number, number>();
    for (const v of videos) {
      const row = await c.repo.playback.get(v.id);
      expect(row?.status).toBe("ready");
      sizes.set(v.id, row?.size_bytes as number);
    }
    const [a, b, d] = videos.map((v) => v.id) as [number, number, number];
    // Watched in the order b, d, a (a most recently); a never-watched file would go first of all.
    for (const id of [b, d, a]) {
      c.clock.advance(60_000);
      await c.repo.playback.touch(id);
    }
    // 1 % of the disk now holds one file and a half: the two least recently watched go, in that order.
    const one = Math.max(...sizes.values());
    totalBytes = Math.ceil(one * 1.5 * 100);
    await settings(c.repo, { percent: 1 });
    const deleted: string[] = [];
    const watchedStorage: Storage = Object.assign(Object.create(storage), {
      delete: async (key: string) => {
        deleted.push(key);
        return storage.delete(key);
      },
    });
    const pruner = cacheOver(c.repo, watchedStorage, {
      disk: async () => ({ totalBytes, freeBytes: totalBytes }),
    });
    const outcome = await pruner.reconcile(new AbortController().signal);
    expect(outcome).toMatchObject({ skipped: null, evicted: 2, stale: 0 });
    expect(outcome.freed_bytes).toBe((sizes.get(b) as number) + (sizes.get(d) as number));
    const filename = (v: VideoDetail) => `videos/${v.filename}-playback.mp4`;
    expect(deleted).toEqual([filename(videos[1] as VideoDetail), filename(videos[2] as VideoDetail)]);
    expect(await c.repo.playback.get(b)).toBeNull();
    expect(await c.repo.playback.get(d)).toBeNull();
    expect((await c.repo.playback.get(a))?.status).toBe("ready");
    expect(await storage.size(filename(videos[0] as VideoDetail))).toBe(sizes.get(a) as number);
    // Within the budget now: the next run has nothing to do.
    expect(await pruner.reconcile(new AbortController().signal)).toMatchObject({ evicted: 0, stale: 0 });
    await cache.stop();
  }, 60_000);

  test("off: opening builds nothing, asking is refused, and the maintenance task prunes nothing", async () => {
    const storage = localStorage();
    const cache = cacheOver(c.repo, storage, { disk: async () => ({ totalBytes: 1e9, freeBytes: 1e9 }) });
    await settings(c.repo);
    const kept = await copyOfRecording(c.repo, storage);
    await cache.request(kept.id);
    await cache.idle();
    expect((await c.repo.playback.get(kept.id))?.status).toBe("ready");

    await settings(c.repo, { enabled: false, percent: 1 });
    const other = await copyOfRecording(c.repo, storage);
    cache.opened(other);
    await cache.idle();
    expect(await c.repo.playback.get(other.id)).toBeNull();
    await expect(cache.request(other.id)).rejects.toThrow(
      "the playback cache is off: turn it on in System › Playback",
    );
    // A tiny budget, but the cache is off: the file stays.
    const tiny = cacheOver(c.repo, storage, { disk: async () => ({ totalBytes: 1000, freeBytes: 1000 }) });
    expect(await tiny.reconcile(new AbortController().signal)).toMatchObject({
      skipped: "the playback cache is off",
      evicted: 0,
    });
    expect((await c.repo.playback.get(kept.id))?.status).toBe("ready");
    expect(await storage.size(`videos/${kept.filename}-playback.mp4`)).not.toBeNull();

    // On, but not on first play: opening still builds nothing; asking does.
    await settings(c.repo, { auto: false });
    const manual = cacheOver(c.repo, storage, { disk: async () => ({ totalBytes: 1e9, freeBytes: 1e9 }) });
    manual.opened(other);
    await manual.idle();
    expect(await c.repo.playback.get(other.id)).toBeNull();
    await manual.request(other.id);
    await manual.idle();
    expect((await c.repo.playback.get(other.id))?.status).toBe("ready");
    await cache.stop();
    await manual.stop();
  }, 60_000);

  test("a missing part file: unavailable with the reason, and the recording still plays part by part", async () => {
    const storage = localStorage();
    await settings(c.repo);
    const cache = cacheOver(c.repo, storage, { disk: async () => ({ totalBytes: 1e9, freeBytes: 1e9 }) });
    const video = await copyOfRecording(c.repo, storage);
    const gone = storageLayout.videoFile(video.parts[1]?.filename as string);
    await storage.delete(gone);
    const app = mediaApp(c.repo, storage, "/nonexistent", cache);
    const part1 = await app.request(`/api/v1/videos/${video.id}/parts/1/stream`, {
      headers: { ...AS_VIEWER, Range: "bytes=0-99" },
    });
    expect(part1.status).toBe(206);
    await cache.idle();
    const row = await c.repo.playback.get(video.id);
    expect(row).toMatchObject({ status: "unavailable", error: `part 2's file (${gone}) is missing` });
    expect(await storage.size(`videos/${video.filename}-playback.mp4`)).toBeNull();
    expect(await storage.size(`videos/${video.filename}-playback.mp4.building`)).toBeNull();
    // The player: no single file, the parts as before (part 1 whole; part 2 is the one lost).
    const single = await app.request(`/api/v1/videos/${video.id}/playback/stream`, { headers: AS_VIEWER });
    expect(single.status).toBe(404);
    const whole = await app.request(`/api/v1/videos/${video.id}/parts/1/stream`, { headers: AS_VIEWER });
    expect(new Uint8Array(await whole.arrayBuffer()).length).toBe(partFiles[0]?.size_bytes as number);
    // Opening it again does not retry a verdict that cannot change by itself.
    cache.opened((await c.repo.videos.getById(video.id)) as VideoDetail);
    await cache.idle();
    expect((await c.repo.playback.get(video.id))?.status).toBe("unavailable");
    await cache.stop();
  }, 60_000);

  test("a build that runs out of time fails (may be retried); one that does not fit waits with no verdict", async () => {
    const storage = localStorage();
    await settings(c.repo);
    const slow = cacheOver(c.repo, storage, {
      disk: async () => ({ totalBytes: 1e9, freeBytes: 1e9 }),
      buildTimeoutMs: 1,
    });
    const video = await copyOfRecording(c.repo, storage);
    await slow.request(video.id);
    await slow.idle();
    expect(await c.repo.playback.get(video.id)).toMatchObject({
      status: "failed",
      error: "joining took longer than 0.001 s",
    });
    expect(await storage.size(`videos/${video.filename}-playback.mp4.building`)).toBeNull();

    // 1 % of a 10 MB disk (100 kB) is less than the recording: asking says why; opening leaves no row.
    await settings(c.repo, { percent: 1 });
    const small = cacheOver(c.repo, storage, { disk: async () => ({ totalBytes: 1e7, freeBytes: 1e7 }) });
    await expect(small.request(video.id)).rejects.toThrow(/more than the playback cache may hold/);
    const fresh = await copyOfRecording(c.repo, storage);
    small.opened(fresh);
    await small.idle();
    expect(await c.repo.playback.get(fresh.id)).toBeNull();
    await slow.stop();
    await small.stop();
  }, 60_000);

  test("stopped mid-build (shutdown): no row, no partial file, the parts as they were", async () => {
    const storage = localStorage();
    await settings(c.repo);
    const cache = cacheOver(c.repo, storage, { disk: async () => ({ totalBytes: 1e9, freeBytes: 1e9 }) });
    const video = await copyOfRecording(c.repo, storage);
    const partKeys = video.parts.map((p) => storageLayout.videoFile(p.filename));
    const before = await Promise.all(
      partKeys.map((key) => Bun.file(storage.localPath(key) as string).bytes()),
    );
    expect((await cache.request(video.id)).status).toBe("building");
    await cache.stop();
    expect(await c.repo.playback.get(video.id)).toBeNull();
    expect(await storage.size(`videos/${video.filename}-playback.mp4`)).toBeNull();
    expect(await storage.size(`videos/${video.filename}-playback.mp4.building`)).toBeNull();
    const after = await Promise.all(
      partKeys.map((key) => Bun.file(storage.localPath(key) as string).bytes()),
    );
    expect(after.map((b) => Bun.hash(b))).toEqual(before.map((b) => Bun.hash(b)));
    // A stopped cache takes nothing new.
    await expect(cache.request(video.id)).rejects.toThrow("the server is shutting down");
  }, 60_000);

  test("the maintenance task removes rows of builds nobody runs and of files that are gone", async () => {
    const storage = localStorage();
    await settings(c.repo);
    const cache = cacheOver(c.repo, storage, { disk: async () => ({ totalBytes: 1e9, freeBytes: 1e9 }) });
    const built = await copyOfRecording(c.repo, storage);
    await cache.request(built.id);
    await cache.idle();
    // A build a crashed process left behind, with its partial file; and a file deleted by hand.
    const orphan = await copyOfRecording(c.repo, storage);
    await c.repo.playback.markBuilding(orphan.id);
    const partial = join(storage.localPath("videos") as string, `${orphan.filename}-playback.mp4.building`);
    await Bun.write(partial, "half a file");
    await storage.delete(`videos/${built.filename}-playback.mp4`);
    const outcome = await cache.reconcile(new AbortController().signal);
    expect(outcome).toMatchObject({ stale: 2, evicted: 0, used_bytes: 0 });
    expect(await c.repo.playback.get(orphan.id)).toBeNull();
    expect(await c.repo.playback.get(built.id)).toBeNull();
    expect(await Bun.file(partial).exists()).toBe(false);
    await cache.stop();
  }, 60_000);
});
