import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalStorage } from "../../src/storage/local.storage.ts";
import { S3Storage } from "../../src/storage/s3.storage.ts";
import type { Storage } from "../../src/storage/storage.ts";
import { AS_VIEWER, mediaApp } from "../support/media-app.ts";
import { simulator } from "../support/recorder.ts";
import { recorderWorld } from "../support/recorder-world.ts";
import { startS3 } from "../support/s3.ts";

// A real recording from the simulator, played back through the real HTTP server the way a browser does:
// a probe of the first bytes, then ranges in order, and a seek; the bytes must be the stored file's.
const sim = simulator({ warp: 4, seed: 77 });
const s3 = await startS3();
afterAll(async () => {
  await sim.stop();
  await s3.stop();
});

async function recordOne(storage: Storage, login: string) {
  const { db, repo, recorder, watch } = await recorderWorld(sim.url, { storage });
  const broadcaster = await watch(login);
  await sim.control(`/channels/${login}/live`, {
    segment_seconds: 0.5,
    ladder: ["360p30"],
    // A long window: a recorder slowed by a busy machine still gets every segment (the window is not
    // what this is about, and a lost segment fails the recording).
    window_segments: 120,
    bitrate_kbps: 300,
  });
  const { videoId } = await recorder.start({
    broadcaster,
    quality: "source",
    recordingType: "video",
    forceH264: false,
  });
  await sim.until(login, 16);
  await sim.control(`/channels/${login}/offline`, { end: "endlist" });
  await recorder.idle();
  return { db, repo, videoId };
}

describe.each([
  ["local", () => new LocalStorage(mkdtempSync(join(tmpdir(), "replayd-media-store-")))],
  ["s3", () => new S3Storage(s3.options)],
] as const)("a recording on %s storage", (kind, makeStorage) => {
  test("plays back through /api/v1 in ranges, byte for byte", async () => {
    const storage = makeStorage();
    const { db, repo, videoId } = await recordOne(
      storage,
      kind === "local" ? "kitchen_lab" : "night_owl_music",
    );
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: mediaApp(repo, storage).fetch });
    try {
      const video = await repo.videos.getById(videoId);
      expect(video?.status).toBe("DONE");
      const part = video?.parts[0];
      if (!part) throw new Error("the recording has no part");
      const stored = new Uint8Array(
        await new Response(await storage.read(`videos/${part.filename}`)).arrayBuffer(),
      );
      expect(stored.length).toBeGreaterThan(100_000);
      const url = `http://127.0.0.1:${server.port}/api/v1/videos/${videoId}/parts/1/stream`;
      const range = (value: string) => fetch(url, { headers: { ...AS_VIEWER, Range: value } });

      const probe = await range("bytes=0-1");
      expect(probe.status).toBe(206);
      expect(probe.headers.get("content-range")).toBe(`bytes 0-1/${stored.length}`);
      await probe.arrayBuffer();

      // In 64 KiB steps to the end, as a player buffering ahead.
      const pieces: Uint8Array[] = [];
      for (let start = 0; start < stored.length; start += 65_536) {
        const res = await range(`bytes=${start}-${start + 65_535}`);
        expect(res.status).toBe(206);
        pieces.push(new Uint8Array(await res.arrayBuffer()));
      }
      const played = new Uint8Array(await new Blob(pieces).arrayBuffer());
      expect(played.length).toBe(stored.length);
      expect(Bun.hash(played)).toBe(Bun.hash(stored));
      expect(new TextDecoder().decode(played.subarray(4, 8))).toBe("ftyp");

      // A seek to the tail, then past the end.
      const tail = await range(`bytes=${stored.length - 1000}-`);
      expect(new Uint8Array(await tail.arrayBuffer())).toEqual(stored.subarray(stored.length - 1000));
      const past = await range(`bytes=${stored.length}-`);
      expect(past.status).toBe(416);
      expect(past.headers.get("content-range")).toBe(`bytes */${stored.length}`);

      // The part's stills were made by the recorder and are served too.
      const thumb = await fetch(
        `http://127.0.0.1:${server.port}/api/v1/videos/${videoId}/parts/1/thumbnail`,
        {
          headers: AS_VIEWER,
        },
      );
      expect(thumb.status).toBe(200);
      expect(thumb.headers.get("content-type")).toBe("image/jpeg");
      expect(new Uint8Array(await thumb.arrayBuffer()).subarray(0, 2)).toEqual(new Uint8Array([0xff, 0xd8]));
      const strip = await fetch(`http://127.0.0.1:${server.port}/api/v1/videos/${videoId}/parts/1/strip`, {
        headers: AS_VIEWER,
      });
      expect(strip.status).toBe(200);
      await strip.arrayBuffer();
    } finally {
      server.stop(true);
      await db.close();
    }
  }, 120_000);
});
