// What a process tree costs, from Linux /proc: CPU seconds (utime + stime of every process ever seen in the
// tree, so ffmpeg children that come and go are counted), and memory (PSS and RSS summed over the tree,
// sampled; PSS splits shared pages among the processes sharing them, so shared libraries count once).
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ on every Linux the project runs on.

interface ProcStat {
  pid: number;
  ppid: number;
  /** Start time in ticks since boot: with the pid, names a process even if the pid is reused. */
  start: number;
  cpuTicks: number;
  name: string;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = text.lastIndexOf(")");
    const fields = text.slice(close + 2).split(" ");
    return {
      pid,
      name: text.slice(text.indexOf("(") + 1, close),
      ppid: Number(fields[1]),
      cpuTicks: Number(fields[11]) + Number(fields[12]),
      start: Number(fields[19]),
    };
  } catch {
    return null; // ended meanwhile
  }
}

function allProcesses(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const entry of readdirSync("/proc")) {
    if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue;
    const stat = readStat(Number(entry));
    if (stat) out.push(stat);
  }
  return out;
}

/** The roots and all their descendants alive now. */
export function processTree(roots: readonly number[]): ProcStat[] {
  const all = allProcesses();
  const children = new Map<number, ProcStat[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const rootSet = new Set(roots);
  const out: ProcStat[] = all.filter((p) => rootSet.has(p.pid));
  for (let i = 0; i < out.length; i++) out.push(...(children.get((out[i] as ProcStat).pid) ?? []));
  return out;
}

/** PSS and RSS of one process in kB (0 when it ended). */
export function memoryKb(pid: number): { pss: number; rss: number } {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0);
    return { pss: kb("Pss"), rss: kb("Rss") };
  } catch {
    return { pss: 0, rss: 0 };
  }
}

export interface TreeSample {
  at: number;
  cpuSeconds: number;
  /** The same, split by process name (e.g. replayd and its ffmpeg). */
  cpuByName: Record<string, number>;
  pssMb: number;
  rssMb: number;
  processes: number;
}

/**
 * Samples a set of process trees every `intervalMs`. CPU is cumulative over every process seen since the
 * sampler started (a process that ended keeps its last reading, so at most one interval of it is lost);
 * `mark()` takes a fresh sample now, for measurement windows.
 */
export class TreeSampler {
  private readonly cpu = new Map<string, { name: string; ticks: number }>();
  private timer: ReturnType<typeof setInterval> | null = null;
  readonly samples: TreeSample[] = [];

  constructor(
    private roots: number[],
    private readonly intervalMs = 1000,
    private readonly withMemory = true,
  ) {}

  start(): this {
    this.mark();
    this.timer = setInterval(() => this.mark(), this.intervalMs);
    return this;
  }

  addRoots(pids: number[]): void {
    this.roots = [...this.roots, ...pids];
  }

  mark(): TreeSample {
    let pss = 0;
    let rss = 0;
    const tree = processTree(this.roots);
    for (const p of tree) {
      this.cpu.set(`${p.pid}/${p.start}`, { name: p.name, ticks: p.cpuTicks });
      if (this.withMemory) {
        const m = memoryKb(p.pid);
        pss += m.pss;
        rss += m.rss;
      }
    }
    let ticks = 0;
    const byName: Record<string, number> = {};
    for (const t of this.cpu.values()) {
      ticks += t.ticks;
      byName[t.name] = (byName[t.name] ?? 0) + t.ticks / TICKS_PER_SECOND;
    }
    const sample = {
      at: performance.now(),
      cpuSeconds: ticks / TICKS_PER_SECOND,
      cpuByName: byName,
      pssMb: pss / 1024,
      rssMb: rss / 1024,
      processes: tree.length,
    };
    this.samples.push(sample);
    return sample;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The highest PSS and RSS sums seen between two instants (performance.now()). */
  peak(from = 0, to = Number.POSITIVE_INFINITY): { pssMb: number; rssMb: number } {
    const inside = this.samples.filter((s) => s.at >= from && s.at <= to);
    return {
      pssMb: Math.max(0, ...inside.map((s) => s.pssMb)),
      rssMb: Math.max(0, ...inside.map((s) => s.rssMb)),
    };
  }
}

/** CPU seconds per process name between two samples of one sampler. */
export function cpuByNameBetween(from: TreeSample, to: TreeSample): Record<string, number> {
  return Object.fromEntries(
    Object.entries(to.cpuByName).map(([name, seconds]) => [name, seconds - (from.cpuByName[name] ?? 0)]),
  );
}

/** CPU seconds of a single process so far (this one included: `process.pid`). */
export function processCpuSeconds(pid: number): number {
  return (readStat(pid)?.cpuTicks ?? 0) / TICKS_PER_SECOND;
}
