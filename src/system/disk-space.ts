import { type StatsFs, statfsSync } from "node:fs";
import { statfs } from "node:fs/promises";
import { dirname } from "node:path";
import { formatBytes } from "./bytes.ts";

/** What a filesystem has, in bytes. `freeBytes` is what an unprivileged writer can still use (as `df`). */
export interface DiskUsage {
  freeBytes: number;
  totalBytes: number;
}

/** The free-space floor, from `[recorder] min_free_bytes` and `min_free_percent`. */
export interface FreeSpaceSettings {
  minFreeBytes: number;
  minFreePercent: number;
}

export type FreeSpaceLevel = "ok" | "low" | "full";

export interface FreeSpaceVerdict {
  /** `full`: under the floor (recordings pause); `low`: under the warning line; `ok` otherwise. */
  level: FreeSpaceLevel;
  freeBytes: number;
  totalBytes: number;
  /** 0 when the guard is off. */
  floorBytes: number;
  /** Twice the floor: below it health warns. */
  warnBytes: number;
  /** One sentence for people, without paths (the public health route shows it). */
  message: string;
}

/** Warnings start at this multiple of the floor (4 GiB free for a 2 GiB floor). */
export const WARN_FACTOR = 2;
/**
 * Leaving a worse level needs a margin on top of its line: 5 % of the floor, at most 64 MiB (a 2 GiB
 * floor: 64 MiB, a minute of a few 1080p recordings), so a recording paused at the floor does not flap
 * between full and ok as it resumes and writes again.
 */
export const RECOVERY_MARGIN = 0.05;
export const MAX_RECOVERY_MARGIN_BYTES = 64 * 2 ** 20;

const SETTINGS_HINT = "(MIN_FREE_BYTES, MIN_FREE_PERCENT)";

/** The smaller of the two settings for a filesystem of this size; 0 (no guard) when either is 0. */
export function freeSpaceFloor(totalBytes: number, settings: FreeSpaceSettings): number {
  if (settings.minFreeBytes <= 0 || settings.minFreePercent <= 0) return 0;
  return Math.min(settings.minFreeBytes, Math.floor((totalBytes * settings.minFreePercent) / 100));
}

/** Free bytes a full disk needs to be writable again: the floor and its recovery margin. */
export function resumeBytes(floorBytes: number): number {
  return floorBytes + Math.min(Math.floor(floorBytes * RECOVERY_MARGIN), MAX_RECOVERY_MARGIN_BYTES);
}

/**
 * Where a filesystem stands against the floor. `previous` (the level of the last sample) adds the
 * recovery margin: a disk just freed to the floor stays `full` until it has the margin as well.
 */
export function freeSpaceVerdict(
  usage: DiskUsage,
  settings: FreeSpaceSettings,
  previous?: FreeSpaceLevel,
): FreeSpaceVerdict {
  const floorBytes = freeSpaceFloor(usage.totalBytes, settings);
  const warnBytes = floorBytes * WARN_FACTOR;
  const margin = resumeBytes(floorBytes) - floorBytes;
  const free = usage.freeBytes;
  const stuckFull = previous === "full" && free < floorBytes + margin;
  const stuckLow = (previous === "full" || previous === "low") && free < warnBytes + margin;
  const level: FreeSpaceLevel =
    free < floorBytes || stuckFull ? "full" : free < warnBytes || stuckLow ? "low" : "ok";
  const base = { level, freeBytes: free, totalBytes: usage.totalBytes, floorBytes, warnBytes };
  return { ...base, message: verdictMessage(base, floorBytes + margin) };
}

function verdictMessage(v: Omit<FreeSpaceVerdict, "message">, resumeAt: number): string {
  const free = formatBytes(v.freeBytes);
  const floor = formatBytes(v.floorBytes);
  const disk = "on the data folder's disk";
  if (v.level === "full" && v.freeBytes < v.floorBytes)
    return `${free} free ${disk}, under the ${floor} floor: recordings are paused until space is freed ${SETTINGS_HINT}`;
  if (v.level === "full")
    return `${free} free ${disk}, just over the ${floor} floor: recordings stay paused until ${formatBytes(resumeAt, "up")} are free ${SETTINGS_HINT}`;
  if (v.level === "low")
    return `${free} free ${disk}, close to the ${floor} floor: recordings pause below it`;
  const of = `${free} of ${formatBytes(v.totalBytes)} free ${disk}`;
  if (v.floorBytes === 0) return `${of}; no floor (min_free_bytes or min_free_percent is 0)`;
  return `${of} (floor ${floor})`;
}

/**
 * The usage of the filesystem that holds `path`. A path that does not exist yet (a data folder created
 * on first write) is measured at its nearest existing parent: that is the disk it will be on.
 */
export async function diskUsage(path: string): Promise<DiskUsage> {
  for (let at = path; ; at = dirname(at)) {
    try {
      return usageOf(await statfs(at));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT" || dirname(at) === at) throw err;
    }
  }
}

/** As `diskUsage`, synchronously (microseconds: the monitor's first sample, so `current()` is never empty). */
export function diskUsageSync(path: string): DiskUsage {
  for (let at = path; ; at = dirname(at)) {
    try {
      return usageOf(statfsSync(at));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT" || dirname(at) === at) throw err;
    }
  }
}

function usageOf(s: StatsFs): DiskUsage {
  // Block counts are in fragment-size units (statvfs(3)); frsize equals bsize on common filesystems.
  const unit = s.frsize || s.bsize;
  return { freeBytes: s.bavail * unit, totalBytes: s.blocks * unit };
}
