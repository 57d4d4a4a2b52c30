import { formatBytes } from "../system/bytes.ts";
import type { DiskUsage } from "../system/disk-space.ts";

/**
 * How much the playback cache may hold, whether a new file fits, and which files go to make room (pure).
 *
 * - Local storage: `max_percent` % of the filesystem's size, and never so much that the disk keeps less
 *   than 5 % free (or the recorder's own free-space floor, if higher): recordings come first. The cache's
 *   own files count as room, since evicting them frees the disk.
 * - S3: `max_percent` % of the library's size (the bucket has no size); building copies the parts to local
 *   scratch and writes the joined file there, so the scratch disk must hold twice the file.
 */

/** The share of a disk the cache always leaves free. */
export const MIN_FREE_SHARE = 0.05;

export type CacheSpace =
  | { storage: "local"; disk: DiskUsage; recorderFloorBytes: number }
  | { storage: "s3"; libraryBytes: number; scratch: DiskUsage; recorderFloorBytes: number };

export interface Budget {
  /** What the cache may hold now, its own files included. */
  bytes: number;
  /** What limits it: the configured share, or the free space the disk must keep. */
  limitedBy: "share" | "free-space";
  maxPercent: number;
  storage: "local" | "s3";
  /** Local: the free space kept. */
  keptFreeBytes: number;
}

/** What a disk keeps free whatever the cache wants: 5 % of it, or the recorder's floor if higher. */
export function keptFree(disk: DiskUsage, recorderFloorBytes: number): number {
  return Math.max(Math.ceil(disk.totalBytes * MIN_FREE_SHARE), recorderFloorBytes);
}

export function cacheBudget(maxPercent: number, space: CacheSpace, usedBytes: number): Budget {
  const percent = Math.min(100, Math.max(0, maxPercent));
  if (space.storage === "s3") {
    return {
      bytes: Math.floor((space.libraryBytes * percent) / 100),
      limitedBy: "share",
      maxPercent: percent,
      storage: "s3",
      keptFreeBytes: keptFree(space.scratch, space.recorderFloorBytes),
    };
  }
  const kept = keptFree(space.disk, space.recorderFloorBytes);
  const share = Math.floor((space.disk.totalBytes * percent) / 100);
  const room = Math.max(0, usedBytes + space.disk.freeBytes - kept);
  return {
    bytes: Math.min(share, room),
    limitedBy: room < share ? "free-space" : "share",
    maxPercent: percent,
    storage: "local",
    keptFreeBytes: kept,
  };
}

export interface CachedFile {
  video_id: number;
  size_bytes: number | null;
}

/** The files to delete, least recently used first, until what is left fits `targetBytes`. */
export function evictionOrder(lru: readonly CachedFile[], usedBytes: number, targetBytes: number): number[] {
  const evict: number[] = [];
  let used = usedBytes;
  for (const file of lru) {
    if (used <= targetBytes) break;
    evict.push(file.video_id);
    used -= file.size_bytes ?? 0;
  }
  return evict;
}

export type Admission = { fits: true; evict: number[] } | { fits: false; reason: string };

/**
 * Whether a new file of `incomingBytes` fits, and which files go first to make room. A file that does not
 * fit even in an empty cache waits (no verdict): the settings or the disk may change.
 */
export function admit(input: {
  budget: Budget;
  usedBytes: number;
  incomingBytes: number;
  /** Ready files, least recently used first; the one being built is not among them. */
  lru: readonly CachedFile[];
  /** S3: the scratch disk the parts are copied to. */
  scratch?: DiskUsage;
}): Admission {
  const { budget, incomingBytes } = input;
  const needs = formatBytes(incomingBytes, "up");
  if (incomingBytes > budget.bytes) {
    if (budget.limitedBy === "free-space")
      return {
        fits: false,
        reason: `this recording needs about ${needs}, and the disk has room for ${formatBytes(budget.bytes)} of joined files while keeping ${formatBytes(budget.keptFreeBytes, "up")} free: free some space`,
      };
    const of = budget.storage === "s3" ? "the library's size" : "the disk";
    return {
      fits: false,
      reason: `this recording needs about ${needs}, more than the playback cache may hold (${formatBytes(budget.bytes)}, ${budget.maxPercent} % of ${of}): raise the size limit in System › Playback`,
    };
  }
  if (input.scratch) {
    const available = Math.max(0, input.scratch.freeBytes - budget.keptFreeBytes);
    if (2 * incomingBytes > available)
      return {
        fits: false,
        reason: `building needs about ${formatBytes(2 * incomingBytes, "up")} of local scratch space (the parts copied from the bucket, then the joined file), and ${formatBytes(available)} is free`,
      };
  }
  return {
    fits: true,
    evict: evictionOrder(input.lru, input.usedBytes, budget.bytes - incomingBytes),
  };
}
