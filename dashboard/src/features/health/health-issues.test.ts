import { describe, expect, test } from "bun:test";
import { isHealth } from "./api/get-health";
import { bannerTone, checkState, healthIssues, usedPercent } from "./health-issues";

describe("checkState", () => {
  test.each([
    [{ ok: true }, "ok"],
    [{ ok: true, level: "ok" as const }, "ok"],
    [{ ok: true, level: "low" as const }, "warning"],
    [{ ok: false, level: "full" as const }, "failing"],
    [{ ok: false, level: "unknown" as const }, "failing"],
    [{ ok: false }, "failing"],
  ] as const)("%p → %p", (check, state) => {
    expect(checkState(check)).toBe(state);
  });
});

describe("healthIssues", () => {
  test("lists failures before warnings, with the headline key and the server's message", () => {
    const issues = healthIssues({
      checks: {
        database: { ok: true },
        ffmpeg: { ok: false, message: "ffmpeg not found (FFMPEG_PATH): recordings cannot start" },
        ffprobe: { ok: true },
        data_dir: { ok: true },
        disk: { ok: true, level: "low", message: "3 GiB free on the data folder's disk" },
      },
    });
    expect(issues).toEqual([
      {
        check: "ffmpeg",
        state: "failing",
        headlineKey: "health.checks.ffmpeg.failing",
        message: "ffmpeg not found (FFMPEG_PATH): recordings cannot start",
      },
      {
        check: "disk",
        state: "warning",
        headlineKey: "health.checks.disk.warning",
        message: "3 GiB free on the data folder's disk",
      },
    ]);
    expect(bannerTone(issues)).toBe("danger");
  });

  test.each([
    ["all ok", { database: { ok: true }, disk: { ok: true, level: "ok" as const } }, [], null],
    [
      "a low disk only",
      { disk: { ok: true, level: "low" as const } },
      ["health.checks.disk.warning"],
      "warning",
    ],
    [
      "a full disk",
      { disk: { ok: false, level: "full" as const } },
      ["health.checks.disk.failing"],
      "danger",
    ],
    [
      "free space not measurable",
      { disk: { ok: false, level: "unknown" as const } },
      ["health.checks.disk.unknown"],
      "danger",
    ],
    ["an older server without checks", undefined, [], null],
  ] as const)("%s", (_what, checks, keys, tone) => {
    const issues = healthIssues({ checks });
    expect(issues.map((i) => i.headlineKey)).toEqual([...keys]);
    expect(bannerTone(issues)).toBe(tone);
  });
});

describe("isHealth", () => {
  test.each([
    [{ status: "degraded", version: "1", database: "ok", checks: {}, reasons: ["x"] }, true],
    [{ status: "ok", version: "1", database: "ok" }, true],
    [{ status: "unhealthy", version: "1", database: "error", reasons: [] }, true],
    [{ status: "broken", version: "1", database: "ok" }, false],
    [{ status: "ok", version: "1", database: "ok", reasons: [1] }, false],
    [null, false],
  ])("%p → %p", (body, expected) => {
    expect(isHealth(body)).toBe(expected);
  });
});

describe("usedPercent", () => {
  test.each([
    [25, 100, 75],
    [0, 100, 100],
    [1, 3, 66.7],
    [null, 100, null],
    [10, 0, null],
  ])("free %p of %p → %p %% used", (free, total, used) => {
    expect(usedPercent(free, total)).toBe(used);
  });
});
