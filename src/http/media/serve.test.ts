import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startS3 } from "../../../tests/support/s3.ts";
import { LocalStorage } from "../../storage/local.storage.ts";
import { S3Storage } from "../../storage/s3.storage.ts";
import type { Storage } from "../../storage/storage.ts";
import { BUFFERED_PROXY_LIMIT, serveStored } from "./serve.ts";

// serveStored behind a real Bun.serve, over a real folder and a real S3-protocol server.
const SIZE = 300_000;
const bytes = new Uint8Array(SIZE).map((_, i) => (i * 7 + (i >> 8)) & 0xff);
const KEY = "videos/sample-part01.mp4";

let s3: Awaited<ReturnType<typeof startS3>>;
const servers: { stop(force: boolean): void }[] = [];
const storages: Record<string, Storage> = {};
beforeAll(async () => {
  s3 = await startS3();
  const source = join(mkdtempSync(join(tmpdir(), "replayd-serve-")), "source.mp4");
  writeFileSync(source, bytes);
  storages.local = new LocalStorage(mkdtempSync(join(tmpdir(), "replayd-serve-local-")));
  storages.s3 = new S3Storage(s3.options);
  for (const storage of Object.values(storages)) await storage.putFile(KEY, source, "video/mp4");
});
afterAll(async () => {
  for (const server of servers) server.stop(true);
  await s3.stop();
});

function serverFor(storage: Storage) {
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: (req) =>
      serveStored(storage, new URL(req.url).pathname.slice(1), req, {
        contentType: "video/mp4",
        cacheControl: "private, max-age=60",
      }),
  });
  servers.push(server);
  const get = (key: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${server.port}/${key}`, init);
  return Object.assign(get, { url: (key: string) => `http://127.0.0.1:${server.port}/${key}` });
}

describe.each(["local", "s3"])("serveStored from %s storage", (kind) => {
  let get: ReturnType<typeof serverFor>;
  beforeAll(() => {
    get = serverFor(storages[kind] as Storage);
  });

  test("a plain GET is the whole file with its validators", async () => {
    const res = await get(KEY);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("video/mp4");
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("content-length")).toBe(String(SIZE));
    expect(res.headers.get("cache-control")).toBe("private, max-age=60");
    expect(res.headers.get("etag")).toMatch(/^"[^"]+"$/);
    expect(Date.parse(res.headers.get("last-modified") ?? "")).toBeGreaterThan(0);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
  });

  test.each([
    ["bytes=0-0", 0, 0],
    ["bytes=0-99", 0, 99],
    ["bytes=12345-67890", 12_345, 67_890],
    ["bytes=250000-", 250_000, SIZE - 1],
    ["bytes=-777", SIZE - 777, SIZE - 1],
    ["bytes=299000-999999", 299_000, SIZE - 1],
  ])("%s answers 206 with exactly those bytes", async (range, start, end) => {
    const res = await get(KEY, { headers: { Range: range } });
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe(`bytes ${start}-${end}/${SIZE}`);
    expect(res.headers.get("content-length")).toBe(String(end - start + 1));
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes.subarray(start, end + 1));
  });

  test("a range past the end answers 416 with the size", async () => {
    const res = await get(KEY, { headers: { Range: `bytes=${SIZE}-` } });
    expect(res.status).toBe(416);
    expect(res.headers.get("content-range")).toBe(`bytes */${SIZE}`);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("RANGE_NOT_SATISFIABLE");
  });

  test("If-Range: the same ETag keeps the range; another one gets the whole new file", async () => {
    const etag = (await get(KEY, { method: "HEAD" })).headers.get("etag") as string;
    const same = await get(KEY, { headers: { Range: "bytes=10-19", "If-Range": etag } });
    expect(same.status).toBe(206);
    expect(new Uint8Array(await same.arrayBuffer())).toEqual(bytes.subarray(10, 20));
    const changed = await get(KEY, { headers: { Range: "bytes=10-19", "If-Range": '"an-old-version"' } });
    expect(changed.status).toBe(200);
    expect(new Uint8Array(await changed.arrayBuffer())).toEqual(bytes);
  });

  test("If-Range with the Last-Modified date keeps the range; an older date does not", async () => {
    const lastModified = (await get(KEY, { method: "HEAD" })).headers.get("last-modified") as string;
    const same = await get(KEY, { headers: { Range: "bytes=0-9", "If-Range": lastModified } });
    expect(same.status).toBe(206);
    await same.arrayBuffer();
    const older = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    const stale = await get(KEY, { headers: { Range: "bytes=0-9", "If-Range": older } });
    expect(stale.status).toBe(200);
    expect(stale.headers.get("content-length")).toBe(String(SIZE));
    await stale.arrayBuffer();
  });

  test("HEAD answers the headers of the GET without a body", async () => {
    const whole = await get(KEY, { method: "HEAD" });
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-length")).toBe(String(SIZE));
    expect((await whole.arrayBuffer()).byteLength).toBe(0);
    const ranged = await get(KEY, { method: "HEAD", headers: { Range: "bytes=100-199" } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toBe(`bytes 100-199/${SIZE}`);
    expect(ranged.headers.get("content-length")).toBe("100");
  });

  test("a matching If-None-Match answers 304 without a body; another tag gets the file", async () => {
    const etag = (await get(KEY, { method: "HEAD" })).headers.get("etag") as string;
    const res = await get(KEY, { headers: { "If-None-Match": etag } });
    expect(res.status).toBe(304);
    expect(res.headers.get("etag")).toBe(etag);
    expect((await res.arrayBuffer()).byteLength).toBe(0);
    const other = await get(KEY, { headers: { "If-None-Match": '"nope"', Range: "bytes=0-3" } });
    expect(other.status).toBe(206);
    await other.arrayBuffer();
  });

  test.each(["videos/missing.mp4", "videos/../secret", "videos//x.mp4"])(
    "%s is the JSON 404",
    async (key) => {
      const res = await get(key);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: "NOT_FOUND", message: "no such media" } });
    },
  );
});

describe("large objects", () => {
  test("S3: a span longer than the buffer limit streams through with the right bytes", async () => {
    const big = new Uint8Array(BUFFERED_PROXY_LIMIT + 2 * 1024 * 1024).map((_, i) => (i * 13) & 0xff);
    const source = join(mkdtempSync(join(tmpdir(), "replayd-serve-big-")), "big.mp4");
    writeFileSync(source, big);
    await (storages.s3 as Storage).putFile("videos/big-part01.mp4", source, "video/mp4");
    const res = await serverFor(storages.s3 as Storage)("videos/big-part01.mp4", {
      headers: { Range: "bytes=100-" },
    });
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe(`bytes 100-${big.length - 1}/${big.length}`);
    const body = new Uint8Array(await res.arrayBuffer());
    expect(body.length).toBe(big.length - 100);
    expect(Bun.hash(body)).toBe(Bun.hash(big.subarray(100)));
  }, 30_000);

  test("local: a 200 MB file is served by slices, never read into memory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "replayd-serve-sparse-"));
    const storage = new LocalStorage(dir);
    const SPARSE = 200 * 1024 * 1024;
    mkdirSync(join(dir, "videos"));
    const fd = openSync(join(dir, "videos/huge-part01.mp4"), "w");
    ftruncateSync(fd, SPARSE); // sparse: 200 MB of zeros without writing them
    writeSync(fd, Buffer.from("tail"), 0, 4, SPARSE - 4);
    closeSync(fd);
    const get = serverFor(storage);
    Bun.gc(true);
    const before = process.memoryUsage.rss();

    const tail = await get("videos/huge-part01.mp4", { headers: { Range: "bytes=-4" } });
    expect(tail.status).toBe(206);
    expect(await tail.text()).toBe("tail");

    // The whole file, downloaded by another process (so only the server's memory is in this one).
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 5);
    const curl = Bun.spawn(
      ["curl", "-sS", "-o", "/dev/null", "-w", "%{size_download}", get.url("videos/huge-part01.mp4")],
      {
        stdout: "pipe",
      },
    );
    const downloaded = Number(await new Response(curl.stdout).text());
    await curl.exited;
    clearInterval(sampler);
    expect(downloaded).toBe(SPARSE);
    // Reading the file into memory would add 200 MB; served by slices, the server's memory stays flat.
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
  }, 60_000);
});
