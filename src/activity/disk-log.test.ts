import { expect, test } from "bun:test";
import type { NewEventLog } from "../domain/ops.ts";
import type { DiskLevelListener, DiskSample } from "../system/disk-space-monitor.ts";
import { logDiskLevels } from "./disk-log.ts";

const sample = (level: DiskSample["level"]) =>
  ({
    path: "/data",
    checkedAt: new Date(0),
    level,
    message: `disk is ${level}`,
    freeBytes: 1,
    totalBytes: 2,
    floorBytes: 1,
    warnBytes: 2,
    ...(level === "unknown" ? { error: "EACCES" } : {}),
  }) as DiskSample;

test("the disk running low, full, better and fine again is said once per change; unknown says nothing", () => {
  let listener: DiskLevelListener = () => {};
  const entries: NewEventLog[] = [];
  const watch = {
    subscribe: (l: DiskLevelListener) => {
      listener = l;
      return () => {};
    },
  };
  logDiskLevels(watch, { write: async (e) => void entries.push(e) });
  for (const level of ["low", "low", "unknown", "full", "low", "ok"] as const)
    listener(sample(level), sample("ok"));
  expect(entries.map((e) => [e.domain, e.event_type, e.severity, e.message])).toEqual([
    ["system", "disk_low", "warn", "disk is low"],
    ["system", "disk_low", "error", "disk is full"],
    ["system", "disk_better", "warn", "disk is low"],
    ["system", "disk_ok", "info", "disk is ok"],
  ]);
  // The figures the message names, and the free space a full disk resumes at (the floor and its margin).
  expect(entries.map((e) => e.data)).toEqual([
    ...["low", "full", "low"].map((level) => ({
      free_bytes: 1,
      floor_bytes: 1,
      total_bytes: 2,
      resume_bytes: 1,
      reason: `disk is ${level}`,
      level,
    })),
    { free_bytes: 1, floor_bytes: 1, total_bytes: 2, resume_bytes: 1, reason: "disk is ok" },
  ]);
});
