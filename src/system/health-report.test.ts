import { describe, expect, test } from "bun:test";
import type { DiskSample } from "./disk-space-monitor.ts";
import {
  buildHealthReport,
  type Check,
  diskCheck,
  type HealthStatus,
  type HostChecks,
  hostProblems,
  publicHealth,
  recordingsCheck,
  twitchAppCheck,
} from "./health-report.ts";

const GiB = 2 ** 30;
const at = new Date("2026-01-01T00:00:00Z");

function disk(level: "ok" | "low" | "full", message: string): DiskSample {
  return {
    level,
    message,
    freeBytes: 100 * GiB,
    totalBytes: 500 * GiB,
    floorBytes: 2 * GiB,
    warnBytes: 4 * GiB,
    path: "/srv/replayd/data",
    checkedAt: at,
  };
}

const healthyHost: HostChecks = {
  ffmpeg: { ok: true, path: "/usr/bin/ffmpeg", version: "6.1" },
  ffprobe: { ok: true, path: "/usr/bin/ffprobe", version: "6.1" },
  data_dir: { ok: true, path: "/srv/replayd/data" },
  disk: diskCheck(disk("ok", "100 GiB of 500 GiB free on the data folder's disk (floor 2 GiB)")),
  recordings: recordingsCheck([]),
};
const noFfmpeg = {
  ok: false,
  path: "/nonexistent",
  message: "ffmpeg not found (FFMPEG_PATH): recordings cannot start",
  detail: "ffmpeg not found at /nonexistent (FFMPEG_PATH): recordings cannot start",
};
const lowDisk = diskCheck(disk("low", "3 GiB free on the data folder's disk, close to the 2 GiB floor"));
const fullDisk = diskCheck(disk("full", "1.2 GiB free on the data folder's disk, under the 2 GiB floor"));
const unknownDisk = diskCheck({
  level: "unknown",
  message: "cannot measure free space on the data folder's disk: EACCES (DATA_DIR)",
  error: "EACCES: permission denied, statfs '/srv/replayd/data'",
  freeBytes: null,
  totalBytes: null,
  floorBytes: null,
  warnBytes: null,
  path: "/srv/replayd/data",
  checkedAt: at,
});
const dbDown: Check = {
  ok: false,
  message: "the database does not answer (DATABASE_URL)",
  detail: "the database does not answer: no answer within 2000 ms (DATABASE_URL)",
};

describe("buildHealthReport", () => {
  test.each([
    ["everything answers", { ok: true }, healthyHost, "ok", []],
    [
      "ffmpeg missing: degraded, with its reason",
      { ok: true },
      { ...healthyHost, ffmpeg: noFfmpeg },
      "degraded",
      ["ffmpeg not found at /nonexistent (FFMPEG_PATH): recordings cannot start"],
    ],
    [
      "low disk: a warning, still ok",
      { ok: true },
      { ...healthyHost, disk: lowDisk },
      "ok",
      ["3 GiB free on the data folder's disk, close to the 2 GiB floor"],
    ],
    [
      "full disk: degraded",
      { ok: true },
      { ...healthyHost, disk: fullDisk },
      "degraded",
      ["1.2 GiB free on the data folder's disk, under the 2 GiB floor"],
    ],
    [
      "free space cannot be measured: degraded",
      { ok: true },
      { ...healthyHost, disk: unknownDisk },
      "degraded",
      [
        "cannot measure free space on the data folder's disk: EACCES (DATA_DIR): EACCES: permission denied, statfs '/srv/replayd/data'",
      ],
    ],
    [
      "database down: unhealthy, whatever else",
      dbDown,
      { ...healthyHost, ffmpeg: noFfmpeg },
      "unhealthy",
      [
        "the database does not answer: no answer within 2000 ms (DATABASE_URL)",
        "ffmpeg not found at /nonexistent (FFMPEG_PATH): recordings cannot start",
      ],
    ],
    [
      "recordings paused by a full disk: degraded, each reason once",
      { ok: true },
      {
        ...healthyHost,
        recordings: recordingsCheck(["the disk is full (ENOSPC)", "the disk is full (ENOSPC)"]),
      },
      "degraded",
      ["2 recordings are paused: the disk is full (ENOSPC)"],
    ],
    ["no host checks wired: the database alone", { ok: true }, null, "ok", []],
  ] as [string, Check, HostChecks | null, HealthStatus, string[]][])(
    "%s",
    (_what, database, host, status, reasons) => {
      const report = buildHealthReport("1.2.3", database, host);
      expect(report.status).toBe(status);
      expect(report.database).toBe(database.ok ? "ok" : "error");
      expect(report.reasons).toEqual(reasons);
    },
  );
});

describe("the Twitch application in the report", () => {
  test.each([
    [
      "none: degraded, naming both settings",
      ["TWITCH_CLIENT_ID", "TWITCH_CLIENT_SECRET"],
      "degraded",
      [
        "no Twitch application: set TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET (README, Sign-in); until then nobody can sign in",
      ],
    ],
    [
      "no secret: degraded, naming it",
      ["TWITCH_CLIENT_SECRET"],
      "degraded",
      ["no Twitch application: set TWITCH_CLIENT_SECRET (README, Sign-in); until then nobody can sign in"],
    ],
    ["one: ok", [], "ok", []],
  ] as [string, string[], HealthStatus, string[]][])("%s", (_what, missing, status, reasons) => {
    const report = buildHealthReport("1.2.3", { ok: true }, healthyHost, twitchAppCheck(missing));
    expect(report.status).toBe(status);
    expect(report.reasons).toEqual(reasons);
    expect(report.checks.twitch?.ok).toBe(missing.length === 0);
  });
});

describe("publicHealth", () => {
  test("keeps statuses and path-free messages; drops paths, versions and system errors", () => {
    const report = buildHealthReport(
      "1.2.3",
      { ok: true },
      { ...healthyHost, ffmpeg: noFfmpeg, disk: unknownDisk },
    );
    const view = publicHealth(report);
    expect(view).toEqual({
      status: "degraded",
      version: "1.2.3",
      database: "ok",
      checks: {
        database: { ok: true },
        ffmpeg: { ok: false, message: "ffmpeg not found (FFMPEG_PATH): recordings cannot start" },
        ffprobe: { ok: true },
        data_dir: { ok: true },
        disk: {
          ok: false,
          level: "unknown",
          message: "cannot measure free space on the data folder's disk: EACCES (DATA_DIR)",
        },
        recordings: { ok: true },
      },
      reasons: [
        "ffmpeg not found (FFMPEG_PATH): recordings cannot start",
        "cannot measure free space on the data folder's disk: EACCES (DATA_DIR)",
      ],
    });
    const text = JSON.stringify(view);
    for (const secret of ["/nonexistent", "/srv/replayd", "/usr/bin", "6.1"])
      expect(text).not.toContain(secret);
  });

  test("a missing Twitch application is shown with the settings to make", () => {
    const view = publicHealth(
      buildHealthReport("1", { ok: true }, healthyHost, twitchAppCheck(["TWITCH_CLIENT_ID"])),
    );
    expect(view.checks.twitch).toEqual({
      ok: false,
      message: "no Twitch application: set TWITCH_CLIENT_ID (README, Sign-in); until then nobody can sign in",
    });
    expect(view.status).toBe("degraded");
  });

  test("a low disk's warning is shown; an ok disk says nothing", () => {
    expect(publicHealth(buildHealthReport("1", { ok: true }, healthyHost)).checks.disk).toEqual({
      ok: true,
      level: "ok",
    });
    const low = publicHealth(buildHealthReport("1", { ok: true }, { ...healthyHost, disk: lowDisk }));
    expect(low.checks.disk).toEqual({ ok: true, level: "low", message: lowDisk.message });
    expect(low.reasons).toEqual([lowDisk.message as string]);
  });
});

describe("hostProblems", () => {
  test("lists failing checks and warnings with the owner's detail, in a stable order", () => {
    expect(
      hostProblems({
        ...healthyHost,
        ffmpeg: noFfmpeg,
        data_dir: { ok: false, path: "/x", message: "public", detail: "the data folder /x is not writable" },
        disk: lowDisk,
      }),
    ).toEqual([
      { check: "ffmpeg", message: "ffmpeg not found at /nonexistent (FFMPEG_PATH): recordings cannot start" },
      { check: "data_dir", message: "the data folder /x is not writable" },
      { check: "disk", message: lowDisk.message as string },
    ]);
    expect(hostProblems(healthyHost)).toEqual([]);
  });
});
