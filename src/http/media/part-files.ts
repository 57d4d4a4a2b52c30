import { stat } from "node:fs/promises";
import { extname, join } from "node:path";
import type { Video, VideoPart } from "../../domain/videos.ts";
import type { ByteSource, FragmentIndex } from "../../media/fragment-index.ts";
import type { FragmentIndexCache } from "../../media/fragment-index-cache.ts";
import { Mp4Error } from "../../media/mp4-boxes.ts";
import { storageLayout } from "../../storage/layout.ts";
import { type Storage, StorageKeyError } from "../../storage/storage.ts";

export interface PartFilesDeps {
  storage: Storage;
  /** `<DATA_DIR>/scratch`: where S3 recordings write their parts until they are uploaded. */
  scratchRoot: string;
  indexes: FragmentIndexCache;
}

/** A part's bytes as they are now: the stored object of a finalized part, else the file being recorded. */
export interface PartFile {
  /** Set when the bytes are a local file (served with sendfile). */
  path: string | null;
  /** Changes when the file is replaced (inode, S3 ETag). */
  identity: string;
  size: number;
  modifiedAt: Date | null;
  /** Finalized: stored, immutable. */
  finished: boolean;
  open(): ByteSource;
  /** Identifies it in the fragment index cache. */
  cacheKey: string;
}

/**
 * Where the recorder writes a part that is not finalized: in place on local storage, else in its job's
 * scratch folder (`<scratch>/<job id>/part<n>.<ext>`, as recording.ts names it) until the upload. Built
 * from the database rows only; null when they hold something no recorder would have written.
 */
export function recordingPath(
  deps: Pick<PartFilesDeps, "storage" | "scratchRoot">,
  video: Pick<Video, "job_id">,
  part: Pick<VideoPart, "filename" | "part_index">,
): string | null {
  try {
    const inPlace = deps.storage.localPath(storageLayout.videoFile(part.filename));
    if (inPlace !== null) return inPlace;
  } catch (err) {
    if (err instanceof StorageKeyError) return null;
    throw err;
  }
  const ext = extname(part.filename);
  if (!/^[A-Za-z0-9-]{1,64}$/.test(video.job_id) || (ext !== ".mp4" && ext !== ".m4a")) return null;
  return join(deps.scratchRoot, video.job_id, `part${part.part_index}${ext}`);
}

/** The part's bytes now, or null when there are none yet (or they are gone). */
export async function partFile(
  deps: Pick<PartFilesDeps, "storage" | "scratchRoot">,
  video: Pick<Video, "job_id">,
  part: Pick<VideoPart, "filename" | "part_index" | "finalized_at">,
): Promise<PartFile | null> {
  const finished = part.finalized_at !== null;
  const key = storageLayout.videoFile(part.filename);
  const path = finished ? localPath(deps.storage, key) : recordingPath(deps, video, part);
  if (path !== null) return localFile(path, finished);
  if (!finished) return null;
  const object = await deps.storage.stat(key).catch((err) => {
    if (err instanceof StorageKeyError) return null;
    throw err;
  });
  if (!object) return null;
  return {
    path: null,
    identity: object.etag ?? `${object.size}-${object.modifiedAt?.getTime() ?? 0}`,
    size: object.size,
    modifiedAt: object.modifiedAt,
    finished,
    open: () => storageSource(deps.storage, key, object.size),
    cacheKey: `storage:${key}`,
  };
}

/**
 * The fragment index of a part's bytes: null while not even its init section is complete, or when the
 * file is not a fragmented MP4 at all (nothing a byte-range player could use).
 */
export async function partIndex(
  deps: Pick<PartFilesDeps, "indexes">,
  file: PartFile,
): Promise<FragmentIndex | null> {
  try {
    return await deps.indexes.index({
      key: file.cacheKey,
      identity: file.identity,
      size: file.size,
      finished: file.finished,
      open: file.open,
    });
  } catch (err) {
    // Boxes that do not parse (or point outside their buffer): not a part the recorder wrote.
    if (err instanceof Mp4Error || err instanceof RangeError) return null;
    throw err;
  }
}

function localPath(storage: Storage, key: string): string | null {
  try {
    return storage.localPath(key);
  } catch (err) {
    if (err instanceof StorageKeyError) return null;
    throw err;
  }
}

async function localFile(path: string, finished: boolean): Promise<PartFile | null> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return null;
  return {
    path,
    identity: `${info.dev}:${info.ino}`,
    size: info.size,
    modifiedAt: info.mtime,
    finished,
    open: () => fileSource(path, info.size),
    cacheKey: `file:${path}`,
  };
}

/** Reads of a local file as it was at `size` bytes. */
function fileSource(path: string, size: number): ByteSource {
  const file = Bun.file(path);
  return {
    size,
    read: async (offset, length) =>
      new Uint8Array(await file.slice(offset, Math.min(offset + length, size)).arrayBuffer()),
  };
}

/** Ranged reads of a stored (S3) object. */
function storageSource(storage: Storage, key: string, size: number): ByteSource {
  return {
    size,
    read: async (offset, length) => {
      const end = Math.min(offset + length, size) - 1;
      if (end < offset) return new Uint8Array(0);
      const bytes = new Uint8Array(
        await new Response(await storage.read(key, { start: offset, end })).bytes(),
      );
      // Some S3 servers (s3rver) answer a one-byte range with the whole object.
      return bytes.length > end - offset + 1 ? bytes.subarray(0, end - offset + 1) : bytes;
    },
  };
}
