import { mkdir, open, unlink } from "node:fs/promises";
import { join } from "node:path";
import { bunProcessRunner, type ProcessRunner, type RunningProcess } from "../process/process-runner.ts";
import type { DataDirCheck, ToolCheck } from "./health-report.ts";

export interface ToolProbe {
  /** "ffmpeg" or "ffprobe": what `-version` must say it is. */
  name: string;
  /** The configured executable: a name looked up on PATH, or a path. */
  path: string;
  /** The environment variable that sets it, named in every message. */
  setting: string;
  /** What a failure stops, for people: "recordings cannot start". */
  consequence: string;
  timeoutMs: number;
}

type ToolFailure =
  | { kind: "not_found" }
  | { kind: "not_executable" }
  | { kind: "timeout" }
  | { kind: "exit"; code: number | null; signal: string | null }
  | { kind: "not_the_tool"; firstLine: string }
  | { kind: "spawn"; error: string };

/** Runs `<path> -version` and says whether it is the tool, and which version. Never throws. */
export async function probeTool(
  probe: ToolProbe,
  processes: ProcessRunner = bunProcessRunner,
): Promise<ToolCheck> {
  let proc: RunningProcess;
  try {
    proc = processes.spawn([probe.path, "-version"], { stdout: "pipe", timeoutMs: probe.timeoutMs });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const failure: ToolFailure =
      e.code === "ENOENT"
        ? { kind: "not_found" }
        : e.code === "EACCES" || e.code === "ENOEXEC"
          ? { kind: "not_executable" }
          : { kind: "spawn", error: e.message };
    return toolFailed(probe, failure);
  }
  // The deadline also covers a program that exits but leaves a child holding its output open.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), probe.timeoutMs + 500);
  });
  const answer = await Promise.race([Promise.all([new Response(proc.stdout).text(), proc.exited]), deadline]);
  clearTimeout(timer);
  if (answer === null || (proc.killed && proc.signalCode === "SIGKILL")) {
    proc.kill("SIGKILL");
    return toolFailed(probe, { kind: "timeout" });
  }
  const [output, code] = answer;
  if (code !== 0) {
    const signal = proc.signalCode === null ? null : String(proc.signalCode);
    return toolFailed(probe, { kind: "exit", code: signal ? null : code, signal });
  }
  const firstLine = output.split("\n", 1)[0]?.trim() ?? "";
  if (!firstLine.startsWith(`${probe.name} version`))
    return toolFailed(probe, { kind: "not_the_tool", firstLine });
  return {
    ok: true,
    path: probe.path,
    version: firstLine.slice(`${probe.name} version `.length).split(" ")[0],
  };
}

function toolFailed(probe: ToolProbe, failure: ToolFailure): ToolCheck {
  const { message, detail } = toolMessages(probe, failure);
  return { ok: false, message, detail, path: probe.path };
}

/**
 * The public message (no path) and the owner's detail (with it), e.g.
 * "ffmpeg not found (FFMPEG_PATH): recordings cannot start" and
 * "ffmpeg not found at /nonexistent (FFMPEG_PATH): recordings cannot start".
 */
export function toolMessages(probe: ToolProbe, failure: ToolFailure): { message: string; detail: string } {
  const { name, path, setting, consequence } = probe;
  const at = path.includes("/") ? `at ${path}` : `on PATH as "${path}"`;
  const seconds = `${Math.round(probe.timeoutMs / 100) / 10} s`;
  const [message, detail] = ((): [string, string] => {
    switch (failure.kind) {
      case "not_found":
        return [`${name} not found`, `${name} not found ${at}`];
      case "not_executable":
        return [`${name} is not executable`, `${name} ${at} is not executable`];
      case "timeout":
        return [
          `${name} did not answer -version within ${seconds}`,
          `${name} ${at} did not answer -version within ${seconds}`,
        ];
      case "exit": {
        const how = failure.code === null ? `signal ${failure.signal}` : `exit code ${failure.code}`;
        return [`${name} failed on -version (${how})`, `${name} ${at} failed on -version (${how})`];
      }
      case "not_the_tool": {
        const said = failure.firstLine ? `"${failure.firstLine.slice(0, 80)}"` : "nothing";
        return [
          `the configured ${name} is not ${name}`,
          `the configured ${name} ${at} is not ${name}: -version said ${said}`,
        ];
      }
      case "spawn":
        return [`${name} cannot be started`, `${name} ${at} cannot be started: ${failure.error}`];
    }
  })();
  return {
    message: `${message} (${setting}): ${consequence}`,
    detail: `${detail} (${setting}): ${consequence}`,
  };
}

/**
 * Whether the data folder takes writes: creates it if missing, then creates, writes, syncs and deletes a
 * small probe file. Never throws.
 */
export async function probeWritable(path: string, setting = "DATA_DIR"): Promise<DataDirCheck> {
  const probe = join(path, `.health-probe-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
  try {
    await mkdir(path, { recursive: true });
    const file = await open(probe, "wx");
    try {
      await file.write("replayd health probe\n");
      await file.sync();
    } finally {
      await file.close();
    }
    await unlink(probe);
    return { ok: true, path };
  } catch (err) {
    await unlink(probe).catch(() => {});
    const e = err as NodeJS.ErrnoException;
    const why = WRITE_ERRORS[e.code ?? ""] ?? e.code ?? "error";
    return {
      ok: false,
      path,
      message: `the data folder is not writable: ${why} (${setting}): recordings cannot be saved`,
      detail: `the data folder ${path} is not writable: ${e.message} (${setting}): recordings cannot be saved`,
    };
  }
}

const WRITE_ERRORS: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only filesystem",
  ENOSPC: "no space left on the disk",
  EDQUOT: "disk quota exceeded",
  ENOTDIR: "a file is in the way",
  EEXIST: "a file is in the way",
  ENOENT: "it does not exist and cannot be created",
  EIO: "input/output error",
};
