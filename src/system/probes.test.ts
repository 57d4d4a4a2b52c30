import { describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { probeTool, probeWritable, type ToolProbe, toolMessages } from "./probes.ts";

const scratch = mkdtempSync(join(tmpdir(), "replayd-probes-"));

function script(name: string, body: string): string {
  const path = join(scratch, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const ffmpeg = (path: string, timeoutMs = 3000): ToolProbe => ({
  name: "ffmpeg",
  path,
  setting: "FFMPEG_PATH",
  consequence: "recordings cannot start",
  timeoutMs,
});

describe("probeTool", () => {
  test("the installed ffmpeg and ffprobe answer -version with their version", async () => {
    const [a, b] = await Promise.all([
      probeTool(ffmpeg("ffmpeg")),
      probeTool({ ...ffmpeg("ffprobe"), name: "ffprobe", setting: "FFPROBE_PATH" }),
    ]);
    expect(a).toMatchObject({ ok: true, path: "ffmpeg" });
    expect(a.version).toMatch(/^\S*\d/);
    expect(b).toMatchObject({ ok: true, path: "ffprobe" });
    expect(b.message).toBeUndefined();
  });

  test.each([
    [
      "a missing file",
      () => "/nonexistent",
      "ffmpeg not found (FFMPEG_PATH): recordings cannot start",
      "ffmpeg not found at /nonexistent (FFMPEG_PATH): recordings cannot start",
    ],
    [
      "a name not on PATH",
      () => "ffmpeg-not-installed",
      "ffmpeg not found (FFMPEG_PATH): recordings cannot start",
      'ffmpeg not found on PATH as "ffmpeg-not-installed" (FFMPEG_PATH): recordings cannot start',
    ],
    [
      "a file without the execute bit",
      () => {
        const path = join(scratch, "plain.txt");
        writeFileSync(path, "not a program", { mode: 0o644 });
        return path;
      },
      "ffmpeg is not executable (FFMPEG_PATH): recordings cannot start",
      `ffmpeg at ${join(scratch, "plain.txt")} is not executable (FFMPEG_PATH): recordings cannot start`,
    ],
    [
      "a data file marked executable",
      () => {
        const path = join(scratch, "data.bin");
        writeFileSync(path, "\u0000\u0001 not a program", { mode: 0o755 });
        return path;
      },
      "ffmpeg is not executable (FFMPEG_PATH): recordings cannot start",
      `ffmpeg at ${join(scratch, "data.bin")} is not executable (FFMPEG_PATH): recordings cannot start`,
    ],
    [
      "a program that fails",
      () => script("fails", "exit 3"),
      "ffmpeg failed on -version (exit code 3) (FFMPEG_PATH): recordings cannot start",
      `ffmpeg at ${join(scratch, "fails")} failed on -version (exit code 3) (FFMPEG_PATH): recordings cannot start`,
    ],
    [
      "another program",
      () => script("other", "echo 'other-tool 1.0'"),
      "the configured ffmpeg is not ffmpeg (FFMPEG_PATH): recordings cannot start",
      `the configured ffmpeg at ${join(scratch, "other")} is not ffmpeg: -version said "other-tool 1.0" (FFMPEG_PATH): recordings cannot start`,
    ],
  ])(
    "%s is reported with the setting, and the path only in the detail",
    async (_what, path, message, detail) => {
      const check = await probeTool(ffmpeg(path()));
      expect(check).toMatchObject({ ok: false, message, detail });
    },
  );

  test("a program that hangs is killed at the timeout", async () => {
    const started = performance.now();
    const check = await probeTool(ffmpeg(script("hangs", "exec sleep 30"), 300));
    const ms = performance.now() - started;
    expect(check).toMatchObject({
      ok: false,
      message: "ffmpeg did not answer -version within 0.3 s (FFMPEG_PATH): recordings cannot start",
    });
    expect(ms).toBeLessThan(2000);
  });

  test("a program that exits but leaves a child holding its output is cut off at the timeout too", async () => {
    const pidFile = join(scratch, "child.pid");
    const started = performance.now();
    const check = await probeTool(
      ffmpeg(script("forks", `sleep 30 &\necho $! > '${pidFile}'\necho 'ffmpeg version 1'`), 300),
    );
    process.kill(Number(readFileSync(pidFile, "utf8")), "SIGKILL");
    expect(check).toMatchObject({ ok: false, message: expect.stringContaining("did not answer -version") });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("toolMessages", () => {
  test.each([
    [{ kind: "exit", code: null, signal: "SIGSEGV" }, "ffmpeg failed on -version (signal SIGSEGV)"],
    [{ kind: "not_the_tool", firstLine: "" }, "the configured ffmpeg is not ffmpeg"],
    [{ kind: "spawn", error: "EMFILE: too many open files" }, "ffmpeg cannot be started"],
  ] as const)("%p → %p", (failure, start) => {
    const { message, detail } = toolMessages(ffmpeg("/opt/ff/ffmpeg"), failure);
    expect(message).toBe(`${start} (FFMPEG_PATH): recordings cannot start`);
    expect(message).not.toContain("/opt/ff");
    expect(detail).toContain("/opt/ff/ffmpeg");
  });
});

describe("probeWritable", () => {
  test("a writable folder passes and keeps no probe file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "replayd-data-"));
    expect(await probeWritable(dir)).toEqual({ ok: true, path: dir });
    expect(readdirSync(dir)).toEqual([]);
  });

  test("a data folder that does not exist yet is created", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "replayd-data-")), "data", "nested");
    expect(await probeWritable(dir)).toMatchObject({ ok: true });
    expect(readdirSync(dir)).toEqual([]);
  });

  test("a file where the folder should be fails, naming DATA_DIR", async () => {
    const parent = mkdtempSync(join(tmpdir(), "replayd-data-"));
    writeFileSync(join(parent, "data"), "not a folder");
    const check = await probeWritable(join(parent, "data"));
    expect(check.ok).toBe(false);
    expect(check.message).toBe(
      "the data folder is not writable: a file is in the way (DATA_DIR): recordings cannot be saved",
    );
    expect(check.detail).toContain(join(parent, "data"));
  });

  test("a read-only filesystem fails with EROFS (a real read-only tmpfs)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "replayd-ro-"));
    const mount = Bun.spawnSync(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", dir], {
      stderr: "pipe",
    });
    if (mount.exitCode !== 0) {
      console.warn(
        `skipped the read-only assertion: cannot mount a tmpfs here (${mount.stderr.toString().trim()})`,
      );
      return;
    }
    try {
      const check = await probeWritable(dir);
      expect(check).toMatchObject({
        ok: false,
        message:
          "the data folder is not writable: read-only filesystem (DATA_DIR): recordings cannot be saved",
      });
    } finally {
      Bun.spawnSync(["umount", dir]);
    }
  });
});
