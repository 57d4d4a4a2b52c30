import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startS3 } from "../../tests/support/s3.ts";
import { S3Storage } from "./s3.storage.ts";
import { StorageKeyError } from "./storage.ts";

let s3: Awaited<ReturnType<typeof startS3>>;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(() => s3.stop());

describe("S3Storage against an S3-protocol server", () => {
  test("a large file goes up in parts and comes back byte for byte, whole and by range", async () => {
    const storage = new S3Storage(s3.options);
    const bytes = new Uint8Array(20 * 1024 * 1024 + 123);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
    const path = join(mkdtempSync(join(tmpdir(), "replayd-s3src-")), "part.mp4");
    writeFileSync(path, bytes);

    await storage.putFile("videos/big-part01.mp4", path, "video/mp4");
    expect(await storage.size("videos/big-part01.mp4")).toBe(bytes.length);
    const start = 17 * 1024 * 1024 + 5;
    const range = new Uint8Array(
      await new Response(
        await storage.read("videos/big-part01.mp4", { start, end: start + 999 }),
      ).arrayBuffer(),
    );
    expect(range).toEqual(bytes.subarray(start, start + 1000));
    const whole = new Uint8Array(
      await new Response(await storage.read("videos/big-part01.mp4")).arrayBuffer(),
    );
    expect(whole.length).toBe(bytes.length);
    expect(Bun.hash(whole)).toBe(Bun.hash(bytes));

    await storage.delete("videos/big-part01.mp4");
    expect(await storage.size("videos/big-part01.mp4")).toBeNull();
  }, 60_000);

  test("keys are checked as for local storage", () => {
    const storage = new S3Storage(s3.options);
    expect(storage.read("../x")).rejects.toBeInstanceOf(StorageKeyError);
  });
});
