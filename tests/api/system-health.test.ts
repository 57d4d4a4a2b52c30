import { afterAll, describe, expect, test } from "bun:test";
import { TRPCError } from "@trpc/server";
import { apiWorld } from "../support/api.ts";

// The owner's health report over the real services: FFMPEG_PATH points nowhere, the rest is real.
const w = await apiWorld("sqlite", { env: { FFMPEG_PATH: "/nonexistent" } });
afterAll(() => w.dispose());

describe("system.health", () => {
  test("the owner sees the full report: the reason with its path, the data folder, the disk figures", async () => {
    const owner = await w.user("owner");
    const report = await w.as(owner).system.health();
    expect(report.status).toBe("degraded");
    expect(report.reasons).toEqual([
      "ffmpeg not found at /nonexistent (FFMPEG_PATH): recordings cannot start",
    ]);
    expect(report.checks.ffmpeg).toMatchObject({ ok: false, path: "/nonexistent" });
    expect(report.checks.ffprobe).toMatchObject({ ok: true, version: expect.any(String) });
    expect(report.checks.data_dir).toEqual({ ok: true, path: w.dataDir });
    expect(report.checks.disk).toMatchObject({
      path: w.dataDir,
      free_bytes: expect.any(Number),
      total_bytes: expect.any(Number),
      floor_bytes: expect.any(Number),
    });
    // Plain JSON over tRPC (no transformer): the time is a string.
    expect(typeof report.checks.disk?.checked_at).toBe("string");
  });

  test.each([
    ["an admin", "admin"],
    ["a viewer", "viewer"],
  ] as const)("%s is refused", async (_who, role) => {
    const caller = await w.user(role);
    const error = await w
      .as(caller)
      .system.health()
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("FORBIDDEN");
  });
});
