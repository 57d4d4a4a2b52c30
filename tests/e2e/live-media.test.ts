import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Parser } from "m3u8-parser";
import { LocalStorage } from "../../src/storage/local.storage.ts";
import { S3Storage } from "../../src/storage/s3.storage.ts";
import { AS_VIEWER, mediaApp } from "../support/media-app.ts";
import { simulator } from "../support/recorder.ts";
import { recorderWorld } from "../support/recorder-world.ts";
import { startS3 } from "../support/s3.ts";
import { until } from "../support/until.ts";

// Watch-while-recording at the HTTP level: a real recording from the simulator, its HLS playlist and part
// stream requested the way an HLS player does (byte ranges from the playlist) while the part is being
// written and after it is finished, on local and S3 storage. The bytes must be the file's, always.
const sim = simulator({ warp: 4, seed: 91 });
const s3 = await startS3();
afterAll(async () => {
  await sim.stop();
  await s3.stop();
});

interface Segment {
  uri: string;
  duration: number;
  discontinuity?: boolean;
  byterange: { length: number; offset: number };
  map: { uri: string; byterange: { length: number; offset: number } };
}

function parsePlaylist(text: string) {
  const parser = new Parser();
  parser.push(text);
  parser.end();
  return parser.manifest as { targetDuration: number; endList?: boolean; segments: Segment[] };
}

const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());

/** ffmpeg's HLS demuxer (an independent client) decoding the whole playlist: its exit code and complaints. */
async function decodeErrors(url: string): Promise<{ code: number; errors: string }> {
  const proc = Bun.spawn(
    [
      "ffmpeg",
      "-nostdin",
      "-v",
      "error",
      "-headers",
      "x-test-caller: viewer\r\n",
      // Recent ffmpeg refuses segment URLs without a media extension unless told otherwise.
      "-extension_picky",
      "0",
      "-i",
      url,
      "-f",
      "null",
      "-",
    ],
    { stderr: "pipe" },
  );
  const [code, errors] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
  return { code, errors: errors.trim() };
}

describe.each([
  ["local", () => new LocalStorage(mkdtempSync(join(tmpdir(), "replayd-live-store-")))],
  ["s3", () => new S3Storage(s3.options)],
] as const)("a recording on %s storage, watched while it records", (kind, makeStorage) => {
  test("its playlist grows fragment by fragment, byte ranges give the file's bytes, and it ends when done", async () => {
    const login = kind === "local" ? "kitchen_lab" : "night_owl_music";
    const storage = makeStorage();
    const world = await recorderWorld(sim.url, { storage });
    const server = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: mediaApp(world.repo, storage, join(world.dir, "scratch")).fetch,
    });
    try {
      const broadcaster = await world.watch(login);
      await sim.control(`/channels/${login}/live`, {
        segment_seconds: 0.5,
        ladder: ["360p30"],
        window_segments: 30,
        bitrate_kbps: 300,
      });
      const { videoId, jobId } = await world.recorder.start({
        broadcaster,
        quality: "source",
        recordingType: "video",
        forceH264: false,
      });
      const base = `http://127.0.0.1:${server.port}/api/v1/videos/${videoId}`;
      const get = (path: string, headers: Record<string, string> = {}) =>
        fetch(`${base}/${path}`, { headers: { ...AS_VIEWER, ...headers } });
      const playlist = async () => {
        const res = await get("playlist.m3u8");
        expect(res.status).toBe(200);
        return { res, text: await res.text() };
      };

      // 1. While RUNNING: an open EVENT playlist of the part being written.
      const early = await until(
        "a playlist with four fragments",
        async () => {
          const { res, text } = await playlist();
          const manifest = parsePlaylist(text);
          return manifest.segments.length >= 4 ? { res, text, manifest } : null;
        },
        30_000,
      );
      expect((await world.repo.videos.getById(videoId))?.status).toBe("RUNNING");
      expect(early.res.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
      expect(early.res.headers.get("cache-control")).toContain("no-cache");
      expect(early.text).toContain("#EXT-X-PLAYLIST-TYPE:EVENT");
      expect(early.manifest.endList).toBeFalsy();
      const [first] = early.manifest.segments;
      expect(first?.uri).toBe("parts/1/stream");
      expect(first?.map).toEqual({
        uri: "parts/1/stream",
        byterange: { offset: 0, length: expect.any(Number) },
      });
      for (const s of early.manifest.segments)
        expect(Math.round(s.duration)).toBeLessThanOrEqual(early.manifest.targetDuration);

      // The part being written, where the recorder writes it (in place, or in the job's scratch folder).
      const onDisk =
        storage.localPath(`videos/${(await world.repo.videos.getById(videoId))?.parts[0]?.filename}`) ??
        join(world.dir, "scratch", jobId, "part1.mp4");
      const fileNow = async () => new Uint8Array(await Bun.file(onDisk).arrayBuffer());

      // Every byte range the playlist names is exactly the file's bytes at those offsets.
      const expectRangesMatch = async (segments: Segment[], file: Uint8Array<ArrayBuffer>) => {
        const init = segments[0]?.map.byterange as { length: number; offset: number };
        const wanted = [init, ...segments.map((s) => s.byterange)];
        for (const { offset, length } of wanted) {
          const res = await get("parts/1/stream", { Range: `bytes=${offset}-${offset + length - 1}` });
          expect(res.status).toBe(206);
          expect(await bytesOf(res)).toEqual(file.subarray(offset, offset + length));
        }
      };
      await expectRangesMatch(early.manifest.segments, await fileNow());
      const tiled = early.manifest.segments.every(
        (s, i, all) =>
          s.byterange.offset ===
          (i === 0
            ? s.map.byterange.length
            : (all[i - 1] as Segment).byterange.offset + (all[i - 1] as Segment).byterange.length),
      );
      expect(tiled).toBe(true);

      // The part stream of the open part: up to its last complete fragment, revalidated, never immutable.
      const whole = await get("parts/1/stream");
      expect(whole.status).toBe(200);
      expect(whole.headers.get("cache-control")).toContain("no-cache");
      expect(whole.headers.get("cache-control")).not.toContain("immutable");
      const servedLength = Number(whole.headers.get("content-length"));
      const served = await bytesOf(whole);
      expect(served.length).toBe(servedLength);
      expect(served).toEqual((await fileNow()).subarray(0, servedLength));
      const past = await get("parts/1/stream", { Range: `bytes=${servedLength + 10_000_000}-` });
      expect(past.status).toBe(416);
      expect(past.headers.get("content-range")).toMatch(/^bytes \*\/\d+$/);
      const etag = whole.headers.get("etag") as string;

      // 2. It grows: later reloads list more fragments, the earlier ones unchanged; the validator moves.
      const later = await until(
        "the playlist to grow",
        async () => {
          const manifest = parsePlaylist((await playlist()).text);
          const last = manifest.segments.at(-1)?.byterange;
          const grew = manifest.segments.length >= early.manifest.segments.length + 4;
          return grew && last && last.offset + last.length > servedLength ? manifest : null;
        },
        30_000,
      );
      expect(later.segments.slice(0, early.manifest.segments.length)).toEqual(early.manifest.segments);
      expect(later.endList).toBeFalsy();
      const grown = await get("parts/1/stream", { Range: "bytes=0-0" });
      expect(grown.headers.get("etag")).not.toBe(etag);
      expect(Number(grown.headers.get("content-range")?.split("/")[1])).toBeGreaterThan(servedLength);
      await grown.arrayBuffer();
      expect((await get("parts/1/stream", { "If-None-Match": etag, Range: "bytes=0-0" })).status).not.toBe(
        304,
      );

      // 3. The stream ends; the recording finishes: the playlist ends, and still names the stored bytes.
      await sim.control(`/channels/${login}/offline`, { end: "endlist" });
      await world.recorder.idle();
      const video = await world.repo.videos.getById(videoId);
      expect(video?.status).toBe("DONE");
      const done = await playlist();
      const final = parsePlaylist(done.text);
      expect(final.endList).toBe(true);
      expect(final.segments.length).toBeGreaterThanOrEqual(later.segments.length);
      const stored = new Uint8Array(
        await new Response(await storage.read(`videos/${video?.parts[0]?.filename}`)).arrayBuffer(),
      );
      await expectRangesMatch(final.segments, stored);
      // The fragments tile the file up to its mfra; the finished part keeps its immutable caching.
      const last = final.segments.at(-1) as Segment;
      const tail = new TextDecoder().decode(
        stored.subarray(
          last.byterange.offset + last.byterange.length + 4,
          last.byterange.offset + last.byterange.length + 8,
        ),
      );
      expect(tail).toBe("mfra");
      const finished = await get("parts/1/stream", { Range: "bytes=0-0" });
      expect(finished.headers.get("cache-control")).toContain("immutable");
      await finished.arrayBuffer();
      const seconds = final.segments.reduce((s, x) => s + x.duration, 0);
      expect(seconds).toBeCloseTo(video?.parts[0]?.duration_seconds ?? 0, 0);

      // An independent HLS client (ffmpeg's demuxer) plays the whole playlist without a decode error.
      expect(await decodeErrors(`${base}/playlist.m3u8`)).toEqual({ code: 0, errors: "" });
      console.log(
        `live media (${kind}): ${early.manifest.segments.length} → ${later.segments.length} → ${final.segments.length} fragments, ${seconds.toFixed(1)} s`,
      );
    } finally {
      server.stop(true);
      await world.recorder.shutdown();
      await world.db.close();
    }
  }, 120_000);
});

test("a comeback within the rejoin window: the new part follows the stored one after a discontinuity", async () => {
  // S3: part 1 is read from the bucket (its mfra), part 2 from the job's scratch file while it records.
  const login = "retro_arena";
  const storage = new S3Storage(s3.options);
  const world = await recorderWorld(sim.url, { storage, settings: { maxRestartGapSeconds: 60 } });
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: mediaApp(world.repo, storage, join(world.dir, "scratch")).fetch,
  });
  try {
    const broadcaster = await world.watch(login);
    const goLive = () =>
      sim.control(`/channels/${login}/live`, {
        segment_seconds: 0.5,
        ladder: ["360p30"],
        window_segments: 30,
        bitrate_kbps: 300,
      });
    await goLive();
    const { videoId, jobId } = await world.recorder.start({
      broadcaster,
      quality: "source",
      recordingType: "video",
      forceH264: false,
    });
    const base = `http://127.0.0.1:${server.port}/api/v1/videos/${videoId}`;
    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${base}/${path}`, { headers: { ...AS_VIEWER, ...headers } });
    const playlist = async () => parsePlaylist(await (await get("playlist.m3u8")).text());
    await until("part 1 recording", async () => (await playlist()).segments.length >= 4, 30_000);

    // The stream ends: part 1 is finished and uploaded; the video waits for a comeback, still open.
    await sim.control(`/channels/${login}/offline`, { end: "endlist" });
    await until(
      "part 1 stored",
      async () => (await world.repo.videos.getById(videoId))?.parts[0]?.finalized_at,
      30_000,
    );
    const between = await playlist();
    expect(between.endList).toBeFalsy();

    // It comes back: part 2, listed after part 1 behind a discontinuity, with its own init.
    await goLive();
    const both = await until(
      "part 2 in the playlist",
      async () => {
        const manifest = await playlist();
        return manifest.segments.filter((x) => x.uri === "parts/2/stream").length >= 4 ? manifest : null;
      },
      30_000,
    );
    expect((await world.repo.videos.getById(videoId))?.status).toBe("RUNNING");
    const part1 = both.segments.filter((x) => x.uri === "parts/1/stream");
    const part2 = both.segments.filter((x) => x.uri === "parts/2/stream");
    expect(part1).toEqual(between.segments);
    expect(both.segments.slice(0, part1.length)).toEqual(part1);
    expect(part2[0]?.discontinuity).toBe(true);
    expect(part2[0]?.map.uri).toBe("parts/2/stream");
    expect(part2.slice(1).every((x) => !x.discontinuity)).toBe(true);

    // Byte ranges of part 1 are the stored object's; of part 2, the scratch file's being written.
    const video = await world.repo.videos.getById(videoId);
    const stored = new Uint8Array(
      await new Response(await storage.read(`videos/${video?.parts[0]?.filename}`)).arrayBuffer(),
    );
    const scratch = new Uint8Array(
      await Bun.file(join(world.dir, "scratch", jobId, "part2.mp4")).arrayBuffer(),
    );
    for (const [uri, file, list] of [
      ["parts/1/stream", stored, part1],
      ["parts/2/stream", scratch, part2],
    ] as const) {
      for (const { offset, length } of [list[0]?.map.byterange, ...list.map((x) => x.byterange)].filter(
        (r) => r !== undefined,
      )) {
        const res = await get(uri, { Range: `bytes=${offset}-${offset + length - 1}` });
        expect(res.status).toBe(206);
        expect(await bytesOf(res)).toEqual(file.subarray(offset, offset + length));
      }
    }

    // Stopped by hand: the video is DONE with what it has (cancelled), a terminal status, so the playlist
    // ends; ffmpeg decodes both parts through it.
    expect(await world.recorder.cancel(jobId)).toBe(true);
    await until(
      "the video to end",
      async () => (await world.repo.videos.getById(videoId))?.status === "DONE",
      30_000,
    );
    const final = await playlist();
    expect(final.endList).toBe(true);
    const done = await world.repo.videos.getById(videoId);
    const seconds = final.segments.reduce((sum, x) => sum + x.duration, 0);
    const recorded = (done?.parts ?? []).reduce((sum, p) => sum + p.duration_seconds, 0);
    expect(seconds).toBeCloseTo(recorded, 0);
    expect(await decodeErrors(`${base}/playlist.m3u8`)).toEqual({ code: 0, errors: "" });
    console.log(
      `live media (comeback): part 1 ${part1.length} fragments, part 2 ${final.segments.length - part1.length}; ${seconds.toFixed(1)} s`,
    );
  } finally {
    server.stop(true);
    await world.recorder.shutdown();
    await world.db.close();
  }
}, 120_000);
