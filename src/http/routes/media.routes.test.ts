import { beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { AS_VIEWER, mediaApp, rawGet } from "../../../tests/support/media-app.ts";
import { channel, finishedVideo, running } from "../../db/contract/fixtures.ts";
import { contract } from "../../db/contract/harness.ts";
import type { Repository } from "../../db/repository.ts";
import { storageLayout } from "../../storage/layout.ts";
import { LocalStorage } from "../../storage/local.storage.ts";

const noise = (n: number, seed: number) => new Uint8Array(n).map((_, i) => (i * seed + (i >> 7)) & 0xff);
const PART1 = noise(64_000, 7);
const PART2 = noise(48_000, 11);
const AUDIO = noise(20_000, 13);
const JPEG = (label: string) => new TextEncoder().encode(`\xff\xd8jpeg:${label}`);
// Files a traversal would be after: one beside the storage folder, one at its root.
const SECRET = "top-secret-session-key";

/** A small library on disk and in the database: what the recorder would have left. */
async function seed(repo: Repository) {
  const root = mkdtempSync(join(tmpdir(), "replayd-media-"));
  const dir = join(root, "data");
  const storage = new LocalStorage(dir);
  const put = (key: string, bytes: Uint8Array | string) => {
    mkdirSync(dirname(join(dir, key)), { recursive: true });
    writeFileSync(join(dir, key), bytes);
  };
  writeFileSync(join(root, "secret.txt"), SECRET);
  put("session_secret", SECRET);

  await channel(repo, "100");
  await channel(repo, "200");
  const video = await finishedVideo(repo, "100", {
    parts: [
      { duration_seconds: 30, size_bytes: PART1.length },
      { duration_seconds: 20, size_bytes: PART2.length },
    ],
  });
  const [p1, p2] = await repo.recordings.listParts(video.id);
  if (!p1 || !p2) throw new Error("fixture parts missing");
  put(storageLayout.videoFile(p1.filename), PART1);
  put(storageLayout.videoFile(p2.filename), PART2);
  const thumb = storageLayout.partThumbnail(video.filename, 1);
  put(thumb, JPEG("part1"));
  await repo.recordings.finalizePart(p1.id, {
    duration_seconds: 30,
    size_bytes: PART1.length,
    thumbnail: thumb,
    end_media_seq: 999,
  });
  put(storageLayout.partStrip(video.filename, 1), JPEG("strip1"));
  put(storageLayout.snapshot(video.filename, 0), JPEG("snap0"));
  put(storageLayout.snapshot(video.filename, 1), JPEG("snap1"));
  await repo.videos.setThumbnail(video.id, storageLayout.snapshot(video.filename, 0));
  const playback = `${video.filename}-playback.mp4`;
  put(storageLayout.videoFile(playback), PART1);
  await repo.playback.markReady(video.id, {
    filename: playback,
    mime_type: "video/mp4",
    duration_seconds: 50,
    size_bytes: PART1.length,
  });

  // An audio recording still running: part 1 finished (playable), part 2 being written.
  const audio = await running(repo, "200", { recording_type: "audio", filename: "rec-audio" });
  const a1 = await repo.recordings.addPart({
    video_id: audio.video.id,
    part_index: 1,
    filename: "rec-audio-part01.m4a",
    quality: "audio_only",
    codec: "aac",
    segment_format: "ts",
    start_media_seq: 0,
  });
  await repo.recordings.finalizePart(a1.id, { duration_seconds: 12, size_bytes: AUDIO.length });
  put("videos/rec-audio-part01.m4a", AUDIO);
  put(storageLayout.partWaveform("rec-audio", 1), JSON.stringify({ version: 1, peaks: [0.5] }));
  await repo.recordings.addPart({
    video_id: audio.video.id,
    part_index: 2,
    filename: "rec-audio-part02.m4a",
    quality: "audio_only",
    codec: "aac",
    segment_format: "ts",
    start_media_seq: 100,
  });
  put("videos/rec-audio-part02.m4a", AUDIO.subarray(0, 100));

  const removed = await finishedVideo(repo, "100", { parts: [{ duration_seconds: 5, size_bytes: 10 }] });
  const [removedPart] = await repo.recordings.listParts(removed.id);
  put(storageLayout.videoFile(removedPart?.filename ?? "x"), "0123456789");
  put(storageLayout.snapshot(removed.filename, 0), JPEG("removed"));
  await repo.videos.markDeleted(removed.id, "manual");

  return { storage, video, audio: audio.video, removed, app: mediaApp(repo, storage) };
}

/** Every media route, with a valid id and number. */
const ROUTES = [
  "/videos/{id}/stream",
  "/videos/{id}/parts/{n}/stream",
  "/videos/{id}/parts/{n}/thumbnail",
  "/videos/{id}/parts/{n}/strip",
  "/videos/{id}/parts/{n}/waveform",
  "/videos/{id}/thumbnail",
  "/videos/{id}/snapshots/{n}",
  "/videos/{id}/playback/stream",
  "/videos/{id}/playlist.m3u8",
];

contract("media routes", (c) => {
  let lib: Awaited<ReturnType<typeof seed>>;
  beforeEach(async () => {
    lib = await seed(c.repo);
  });
  const get = (path: string, headers: Record<string, string> = {}, method = "GET") =>
    lib.app.request(`/api/v1${path}`, { method, headers: { ...AS_VIEWER, ...headers } });
  const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());

  test("every media route answers 401 without a caller", async () => {
    for (const route of ROUTES) {
      const path = route.replace("{id}", String(lib.video.id)).replace("{n}", "1");
      const res = await lib.app.request(`/api/v1${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
    }
  });

  test("a part streams whole and by ranges, 1-based, with its validators", async () => {
    const id = lib.video.id;
    const whole = await get(`/videos/${id}/parts/1/stream`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("video/mp4");
    expect(whole.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    expect(await bytesOf(whole)).toEqual(PART1);

    for (const [range, start, end] of [
      ["bytes=0-1", 0, 1],
      ["bytes=1000-1999", 1000, 1999],
      ["bytes=40000-", 40_000, PART2.length - 1],
      ["bytes=-10", PART2.length - 10, PART2.length - 1],
    ] as const) {
      const res = await get(`/videos/${id}/parts/2/stream`, { Range: range });
      expect(res.status).toBe(206);
      expect(res.headers.get("content-range")).toBe(`bytes ${start}-${end}/${PART2.length}`);
      expect(await bytesOf(res)).toEqual(PART2.subarray(start, end + 1));
    }
    const past = await get(`/videos/${id}/parts/2/stream`, { Range: `bytes=${PART2.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe(`bytes */${PART2.length}`);

    const head = await get(`/videos/${id}/parts/1/stream`, { Range: "bytes=0-99" }, "HEAD");
    expect(head.status).toBe(206);
    expect(head.headers.get("content-length")).toBe("100");
    expect((await head.arrayBuffer()).byteLength).toBe(0);

    const etag = whole.headers.get("etag") as string;
    expect((await get(`/videos/${id}/parts/1/stream`, { "If-None-Match": etag })).status).toBe(304);
    const stale = await get(`/videos/${id}/parts/1/stream`, { Range: "bytes=0-9", "If-Range": '"old"' });
    expect(stale.status).toBe(200);
    expect(await bytesOf(stale)).toEqual(PART1);
  });

  test("the legacy /videos/{id}/stream serves part 1 with Range; a multi-part video is said once in the log", async () => {
    const warned: unknown[] = [];
    const app = mediaApp(c.repo, lib.storage, "/nonexistent", undefined, {
      warn: (...args: unknown[]) => void warned.push(args),
    } as never);
    const get1 = (headers: Record<string, string> = {}) =>
      app.request(`/api/v1/videos/${lib.video.id}/stream`, { headers: { ...AS_VIEWER, ...headers } });
    const whole = await get1();
    expect(whole.status).toBe(200);
    expect(await bytesOf(whole)).toEqual(PART1);
    const range = await get1({ Range: "bytes=10-19" });
    expect(range.status).toBe(206);
    expect(await bytesOf(range)).toEqual(PART1.subarray(10, 20));
    expect(warned).toHaveLength(1);
    expect(JSON.stringify(warned[0])).toContain("part 1 only");
    expect((await get(`/videos/${lib.removed.id}/stream`)).status).toBe(404);
  });

  test("a finished audio part of a running recording plays; a part being written with nothing playable yet does not", async () => {
    const res = await get(`/videos/${lib.audio.id}/parts/1/stream`, { Range: "bytes=0-" });
    expect(res.status).toBe(206);
    expect(res.headers.get("content-type")).toBe("audio/mp4");
    expect(await bytesOf(res)).toEqual(AUDIO);
    expect((await get(`/videos/${lib.audio.id}/parts/2/stream`)).status).toBe(404);
    const waveform = await get(`/videos/${lib.audio.id}/parts/1/waveform`);
    expect(waveform.headers.get("content-type")).toBe("application/json");
    expect(await waveform.json()).toEqual({ version: 1, peaks: [0.5] });
  });

  test("stills: part thumbnail and strip, the video's picture, live snapshots", async () => {
    const id = lib.video.id;
    const cases: [string, string, string][] = [
      [`/videos/${id}/parts/1/thumbnail`, "part1", "private, max-age=31536000, immutable"],
      [`/videos/${id}/parts/1/strip`, "strip1", "private, max-age=31536000, immutable"],
      [`/videos/${id}/thumbnail`, "snap0", "private, no-cache"],
      [`/videos/${id}/snapshots/0`, "snap0", "private, max-age=31536000, immutable"],
      [`/videos/${id}/snapshots/1`, "snap1", "private, max-age=31536000, immutable"],
    ];
    for (const [path, label, cacheControl] of cases) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(res.headers.get("content-type")).toBe("image/jpeg");
      expect(res.headers.get("cache-control")).toBe(cacheControl);
      expect(await bytesOf(res)).toEqual(JPEG(label));
    }
  });

  test("the playback artifact plays when ready, and a playback start marks it used", async () => {
    const id = lib.video.id;
    expect((await c.repo.playback.get(id))?.last_accessed_at).toBeNull();
    const seek = await get(`/videos/${id}/playback/stream`, { Range: "bytes=100-199" });
    expect(await bytesOf(seek)).toEqual(PART1.subarray(100, 200));
    expect((await c.repo.playback.get(id))?.last_accessed_at).toBeNull();
    const start = await get(`/videos/${id}/playback/stream`, { Range: "bytes=0-" });
    expect(start.status).toBe(206);
    await start.arrayBuffer();
    expect((await c.repo.playback.get(id))?.last_accessed_at).not.toBeNull();
    await c.repo.playback.markBuilding(id);
    expect((await get(`/videos/${id}/playback/stream`)).status).toBe(404);
  });

  test("a ready artifact whose file is gone answers 404 and its row goes: the player falls back on the parts", async () => {
    const id = lib.video.id;
    const row = await c.repo.playback.get(id);
    await lib.storage.delete(storageLayout.videoFile(row?.filename ?? ""));
    const res = await get(`/videos/${id}/playback/stream`, { Range: "bytes=0-" });
    expect(res.status).toBe(404);
    expect(await c.repo.playback.get(id)).toBeNull();
    expect((await get(`/videos/${id}/parts/1/stream`, { Range: "bytes=0-9" })).status).toBe(206);
  });

  test("what does not exist, or no longer does, is the same JSON 404", async () => {
    const id = lib.video.id;
    const paths = [
      `/videos/999999/parts/1/stream`,
      `/videos/${id}/parts/3/stream`,
      `/videos/${id}/parts/2/thumbnail`, // no thumbnail made
      `/videos/${id}/parts/2/strip`, // no strip file
      `/videos/${id}/parts/1/waveform`, // a video part has none
      `/videos/${id}/snapshots/2`,
      `/videos/${lib.audio.id}/playback/stream`,
      `/videos/${lib.removed.id}/parts/1/stream`,
      `/videos/${lib.removed.id}/snapshots/0`,
      `/videos/${lib.removed.id}/thumbnail`,
    ];
    for (const path of paths) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.headers.get("cache-control")).toBe("no-store");
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("NOT_FOUND");
    }
  });

  describe("path traversal", () => {
    const payloads = [
      "..",
      "../..",
      "%2e%2e",
      "%2E%2E%2F%2E%2E%2Fsecret.txt",
      "..%2f..%2fsecret.txt",
      "..%252f..%252fsecret.txt",
      "..%5c..%5csecret.txt",
      "..\\..\\secret.txt",
      "%5csecret.txt",
      "%2Fetc%2Fpasswd",
      "/etc/passwd",
      "1%00",
      "%00",
      "1%2F..%2F..%2Fsession_secret",
      "1/../../session_secret",
      "1;/../session_secret",
      "-1",
      "01",
      "1e0",
      "0x1",
      "1.0",
      " 1",
      "99999999999999999999999",
    ];
    /** Every route with a payload in each place a path parameter goes, plus a tail after it. */
    const attempts = (id: number) =>
      ROUTES.flatMap((route) =>
        payloads.flatMap((p) => {
          const withN = route.replace("{n}", "1");
          const out = [withN.replace("{id}", p), `${withN.replace("{id}", String(id))}/${p}`];
          if (route.includes("{n}")) out.push(route.replace("{id}", String(id)).replace("{n}", p));
          return out;
        }),
      );

    /**
     * Dot segments are resolved before routing, by the URL parser and by Bun.serve alike (RFC 3986
     * §5.2.4): `/videos/1/parts/../thumbnail` *is* `/videos/1/thumbnail`, one of the routes. Such an
     * attempt must answer exactly what its resolved URL answers; every other one is a 404.
     */
    const expectedStatus = async (path: string) => {
      const resolved = new URL(`http://x/api/v1${path}`).pathname;
      return resolved === `/api/v1${path}`
        ? 404
        : (await lib.app.request(resolved, { headers: AS_VIEWER })).status;
    };

    // The figure in docs/security.md: payloads × the places they go, on every media route.
    const count = attempts(1).length;
    test(`through the app: ${payloads.length} payloads, ${count} attempts on ${ROUTES.length} routes, each a 404 but 4 that resolve onto a route`, async () => {
      const wrong: string[] = [];
      let notFound = 0;
      const all = attempts(lib.video.id);
      expect(all.length).toBe(count);
      for (const path of all) {
        const res = await get(path);
        const body = await res.text();
        if (res.status === 404) notFound++;
        if (res.status !== (await expectedStatus(path)) || body.includes(SECRET))
          wrong.push(`${res.status} ${path}`);
      }
      expect(wrong).toEqual([]);
      // Only the dot-segment spellings that resolve onto a route answer something else: `parts/../thumbnail`
      // and `parts/../stream` (each spelled `..` and `%2e%2e`) are /videos/{id}/thumbnail and /stream.
      expect(all.length - notFound).toBe(4);
    });

    const raw = attempts(1).filter((path) => !path.includes(" ")).length; // a space cannot be sent raw
    test(`raw request lines to a real server: ${raw} attempts, each a 404 (but the same 4) that leaks nothing`, async () => {
      const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: lib.app.fetch });
      try {
        const wrong: string[] = [];
        let sent = 0;
        for (const path of attempts(lib.video.id)) {
          if (path.includes(" ")) continue;
          sent++;
          const res = await rawGet(server.port as number, `/api/v1${path}`);
          if (res.status !== (await expectedStatus(path)) || res.body.includes(SECRET))
            wrong.push(`${res.status} ${path}`);
        }
        expect(wrong).toEqual([]);
        expect(sent).toBe(raw);
        // The same server does serve the real thing.
        expect(
          (await rawGet(server.port as number, `/api/v1/videos/${lib.video.id}/parts/1/stream`)).status,
        ).toBe(200);
      } finally {
        server.stop(true);
      }
    }, 30_000);
  });
});
