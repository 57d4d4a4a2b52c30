import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalStorage } from "./local.storage.ts";
import { StorageKeyError } from "./storage.ts";

const root = () => mkdtempSync(join(tmpdir(), "replayd-storage-"));
const text = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

describe("LocalStorage", () => {
  test("stores a file under its key and reads it back whole or by range", async () => {
    const storage = new LocalStorage(root());
    const source = join(root(), "in.mp4");
    writeFileSync(source, "0123456789");
    await storage.putFile("videos/a-part01.mp4", source);
    expect(await storage.size("videos/a-part01.mp4")).toBe(10);
    expect(await text(await storage.read("videos/a-part01.mp4"))).toBe("0123456789");
    expect(await text(await storage.read("videos/a-part01.mp4", { start: 2, end: 5 }))).toBe("2345");
    await storage.delete("videos/a-part01.mp4");
    expect(await storage.size("videos/a-part01.mp4")).toBeNull();
  });

  test("a recording written in place at localPath needs no copy", async () => {
    const storage = new LocalStorage(root());
    const path = storage.localPath("videos/b-part01.mp4");
    expect(path.endsWith("/videos/b-part01.mp4")).toBe(true);
  });

  test.each(["../escape.mp4", "/etc/passwd", "videos/../../x", "videos//x", "a\\b", "", "videos/./x"])(
    "refuses the key %p, which could leave the storage folder",
    (key) => {
      const storage = new LocalStorage(root());
      expect(() => storage.localPath(key)).toThrow(StorageKeyError);
    },
  );
});
