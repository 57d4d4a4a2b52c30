/**
 * Where finished recordings live: a folder under DATA_DIR or an S3-compatible bucket. Keys are
 * storage-relative, `/`-separated paths such as `videos/<base>-part01.mp4`.
 */
export interface Storage {
  readonly kind: "local" | "s3";
  /** Stores a local file under `key` (S3: multipart upload), replacing any object there. */
  putFile(key: string, path: string, contentType: string): Promise<void>;
  /** Size in bytes, or null when there is no such object. */
  size(key: string): Promise<number | null>;
  /** Size, modification time and (S3) entity tag, or null when there is no such object. */
  stat(key: string): Promise<StoredObject | null>;
  /** The bytes [start, end] (inclusive), or the whole object. */
  read(key: string, range?: { start: number; end: number }): Promise<ReadableStream<Uint8Array>>;
  delete(key: string): Promise<void>;
  /**
   * For local storage, the file a recording can be written to in place (no copy when it finishes);
   * null for S3, where recordings are written to scratch and uploaded when finished.
   */
  localPath(key: string): string | null;
}

/** What HTTP needs to validate a stored object (ETag, Last-Modified). */
export interface StoredObject {
  size: number;
  modifiedAt: Date | null;
  /** The store's own entity tag (S3), unquoted; null for local files. */
  etag: string | null;
}

export class StorageKeyError extends Error {
  override name = "StorageKeyError";
}

/** Refuses keys that could leave the storage root: absolute, `..`, backslashes, empty segments. */
export function checkKey(key: string): string {
  if (
    key === "" ||
    key.startsWith("/") ||
    key.includes("\\") ||
    key.includes("\0") ||
    key.split("/").some((part) => part === "" || part === "." || part === "..")
  ) {
    throw new StorageKeyError(`invalid storage key "${key}"`);
  }
  return key;
}
