// One more replayd run for the recording-cost scenario, from source under `bun --cpu-prof`: the profile says
// which part of the recorder its JavaScript thread works for (cpu-profile.ts), the process tree's CPU
// says how much of the whole that thread is.
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { type ProfileSplit, readProfileSplit } from "./cpu-profile.ts";
import { TreeSampler } from "./proc.ts";
import { startRecorder } from "./recorders.ts";
import type { Table } from "./results.ts";
import type { BenchContext } from "./scenario.ts";
import type { SimProcess } from "./sim-process.ts";
import { round } from "./stats.ts";
import { exitOrStop, until } from "./util.ts";

const root = join(import.meta.dir, "..", "..");

export interface ProfiledRun {
  streams: number;
  /** CPU seconds of replayd's own process and of its children, spawn to exit. */
  process_cpu_seconds: number;
  children_cpu_seconds: number;
  split: ProfileSplit | null;
}

export async function profiledRun(
  ctx: BenchContext,
  sim: SimProcess,
  logins: string[],
  live: Record<string, unknown>,
  seconds: number,
): Promise<ProfiledRun> {
  await Promise.all(logins.map((login) => sim.live(login, live)));
  await until(
    "a first segment on every stream",
    async () => {
      const sequences = await sim.sequences();
      return logins.every((l) => (sequences.get(l) ?? -1) >= 0);
    },
    30_000,
    100,
  );
  const workDir = join(ctx.workDir, `replayd-profiled-${logins.length}`);
  const profileDir = join(workDir, "cpu-prof");
  mkdirSync(profileDir, { recursive: true });
  const running = startRecorder(
    "replayd",
    logins.map((login) => ({ login, playlistUrl: "" })),
    {
      binary: ctx.binary,
      simUrl: sim.url,
      workDir,
      replaydCommand: [
        process.execPath,
        "--cpu-prof",
        `--cpu-prof-dir=${profileDir}`,
        join(root, "src", "main.ts"),
      ],
    },
  );
  const sampler = new TreeSampler(
    running.processes.map((p) => p.pid),
    250,
    false,
  ).start();
  try {
    const writing = () =>
      logins.every((login) => running.filesOf(login).some((f) => existsSync(f) && statSync(f).size > 0));
    await until("every stream being written", writing, 90_000, 200).catch(() => false);
    await Bun.sleep(seconds * 1000);
    await Promise.all(logins.map((login) => sim.offline(login)));
    // The profile is written as the process exits: it has to end by itself.
    for (const p of running.processes) await exitOrStop(p, 30_000);
  } finally {
    sampler.stop();
    for (const p of running.processes) p.kill("SIGKILL");
  }
  const last = sampler.mark();
  const children = Object.entries(last.cpuByName)
    .filter(([name]) => name === "ffmpeg" || name === "ffprobe")
    .reduce((n, [, s]) => n + s, 0);
  return {
    streams: logins.length,
    process_cpu_seconds: last.cpuSeconds - children,
    children_cpu_seconds: children,
    split: readProfileSplit(profileDir),
  };
}

export function profileTable(run: ProfiledRun): Table {
  const split = run.split;
  const shares = Object.entries(split?.shares ?? {}).sort((a, b) => b[1] - a[1]);
  const outside = split ? Math.max(0, run.process_cpu_seconds - split.busySeconds) : Number.NaN;
  return {
    title: `Inside replayd's process (CPU profile, ${run.streams} streams)`,
    columns: ["part of the recorder", "share of the JS thread's busy time %"],
    rows: split
      ? shares.map(([name, share]) => [name, round(share * 100, 1)])
      : [["no profile was written", null]],
    note:
      "`bun --cpu-prof src/main.ts record` (the same code as the binary, from source) over the same streams, spawn to exit; each 1 ms sample goes to the part its innermost recognisable stack frame belongs to (remux: src/media/ts and the TS/MP4 box code or the ffmpeg driver; part file writes: the fragmented file, scratch, durable writes; segment fetches; playlists; garbage collection; the rest). " +
      (split
        ? `The JS thread was busy about ${round(split.busySeconds, 2)} s of the process's ${round(run.process_cpu_seconds, 2)} CPU s; the other ${round(outside, 2)} s (${round((outside / run.process_cpu_seconds) * 100, 0)}%) ran on Bun's native threads (HTTP client, file I/O, helper GC threads), which the profiler does not sample.` +
          (run.children_cpu_seconds > 0
            ? ` Its ffmpeg children used ${round(run.children_cpu_seconds, 2)} CPU s more.`
            : "")
        : ""),
  };
}
