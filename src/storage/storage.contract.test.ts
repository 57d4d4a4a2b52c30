import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startS3 } from "../../tests/support/s3.ts";
import { LocalStorage } from "./local.storage.ts";
import { S3Storage } from "./s3.storage.ts";
import { type Storage, StorageKeyError } from "./storage.ts";

// One body of tests for every Storage: a folder under DATA_DIR, and an S3-protocol server (s3rver) on
// loopback. What the recorder, the media routes and retention rely on holds for both alike.

let s3: Awaited<ReturnType<typeof startS3>>;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(() => s3.stop());

const scratch = () => mkdtempSync(join(tmpdir(), "replayd-storage-src-"));
const bytesOf = async (stream: ReadableStream<Uint8Array>): Promise<Uint8Array> =>
  new Uint8Array(await new Response(stream).arrayBuffer());
/** A file of `size` bytes with a recognisable pattern, and its bytes. */
function sourceFile(size: number): { path: string; bytes: Uint8Array } {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  const path = join(scratch(), "part.mp4");
  writeFileSync(path, bytes);
  return { path, bytes };
}

const IMPLEMENTATIONS: [string, () => Storage][] = [
  ["local", () => new LocalStorage(mkdtempSync(join(tmpdir(), "replayd-storage-")))],
  ["s3", () => new S3Storage(s3.options)],
];

describe.each(IMPLEMENTATIONS)("Storage contract: %s", (kind, make) => {
  test("a stored file reads back whole and by range; stat and size say how big it is", async () => {
    const storage = make();
    const { path, bytes } = sourceFile(300_000);
    await storage.putFile(`videos/${kind}-a-part01.mp4`, path, "video/mp4");
    const stat = await storage.stat(`videos/${kind}-a-part01.mp4`);
    expect(stat?.size).toBe(bytes.length);
    expect(await storage.size(`videos/${kind}-a-part01.mp4`)).toBe(bytes.length);
    expect(await bytesOf(await storage.read(`videos/${kind}-a-part01.mp4`))).toEqual(bytes);
    const range = await bytesOf(
      await storage.read(`videos/${kind}-a-part01.mp4`, { start: 1000, end: 1999 }),
    );
    expect(range).toEqual(bytes.subarray(1000, 2000));
  });

  test("a large file (multipart on S3) comes back byte for byte", async () => {
    const storage = make();
    const { path, bytes } = sourceFile(20 * 1024 * 1024 + 123);
    await storage.putFile(`videos/${kind}-big-part01.mp4`, path, "video/mp4");
    const start = 17 * 1024 * 1024 + 5;
    const range = await bytesOf(
      await storage.read(`videos/${kind}-big-part01.mp4`, { start, end: start + 999 }),
    );
    expect(range).toEqual(bytes.subarray(start, start + 1000));
    expect(Bun.hash(await bytesOf(await storage.read(`videos/${kind}-big-part01.mp4`)))).toBe(
      Bun.hash(bytes),
    );
  }, 60_000);

  test("putting again replaces; delete removes; a missing object is null, twice deleted is fine", async () => {
    const storage = make();
    await storage.putFile(`thumbnails/${kind}-x.jpg`, sourceFile(10).path, "image/jpeg");
    await storage.putFile(`thumbnails/${kind}-x.jpg`, sourceFile(20).path, "image/jpeg");
    expect(await storage.size(`thumbnails/${kind}-x.jpg`)).toBe(20);
    await storage.delete(`thumbnails/${kind}-x.jpg`);
    await storage.delete(`thumbnails/${kind}-x.jpg`);
    expect(await storage.stat(`thumbnails/${kind}-x.jpg`)).toBeNull();
    expect(await storage.size(`thumbnails/${kind}-never.jpg`)).toBeNull();
  });

  test.each(["../escape.mp4", "/etc/passwd", "videos/../../x", "videos//x", "a\\b", "", "videos/./x"])(
    "refuses the key %p, which could leave the storage root",
    async (key) => {
      const storage = make();
      await expect(storage.stat(key)).rejects.toBeInstanceOf(StorageKeyError);
      await expect(storage.putFile(key, sourceFile(1).path, "video/mp4")).rejects.toBeInstanceOf(
        StorageKeyError,
      );
    },
  );

  test("local storage records in place; S3 records in scratch (no local path)", () => {
    const path = make().localPath("videos/b-part01.mp4");
    if (kind === "local") expect(path?.endsWith("/videos/b-part01.mp4")).toBe(true);
    else expect(path).toBeNull();
  });
});
