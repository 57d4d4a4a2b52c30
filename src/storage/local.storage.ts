import { createReadStream } from "node:fs";
import { copyFile, mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { Readable } from "node:stream";
import { checkKey, type Storage, StorageKeyError, type StoredObject } from "./storage.ts";

/** Recordings in a folder (DATA_DIR by default); every path is checked to stay inside it. */
export class LocalStorage implements Storage {
  readonly kind = "local";
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  localPath(key: string): string {
    const path = resolve(this.root, checkKey(key));
    const rel = relative(this.root, path);
    if (rel.startsWith("..") || rel === "")
      throw new StorageKeyError(`storage key "${key}" leaves the storage folder`);
    return path;
  }

  async putFile(key: string, source: string): Promise<void> {
    const target = this.localPath(key);
    if (resolve(source) === target) return;
    await mkdir(dirname(target), { recursive: true });
    // Copy beside the target, then rename: readers never see half a file.
    const temporary = join(dirname(target), `.${process.pid}.${Date.now()}.tmp`);
    await copyFile(source, temporary);
    await rename(temporary, target);
  }

  async size(key: string): Promise<number | null> {
    return stat(this.localPath(key)).then(
      (s) => (s.isFile() ? s.size : null),
      () => null,
    );
  }

  async stat(key: string): Promise<StoredObject | null> {
    return stat(this.localPath(key)).then(
      (s) => (s.isFile() ? { size: s.size, modifiedAt: s.mtime, etag: null } : null),
      () => null,
    );
  }

  async read(key: string, range?: { start: number; end: number }): Promise<ReadableStream<Uint8Array>> {
    const stream = createReadStream(this.localPath(key), range ? { start: range.start, end: range.end } : {});
    // Node's web-stream typing differs from the DOM one the dashboard type-checks this file with.
    return Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>;
  }

  async delete(key: string): Promise<void> {
    await rm(this.localPath(key), { force: true });
  }
}
