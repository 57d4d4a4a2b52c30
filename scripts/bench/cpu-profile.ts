// Where replayd's JavaScript thread spends its time, from a CPU profile (`bun --cpu-prof`, the Chrome
// .cpuprofile format): each sample goes to the part of the recorder its innermost recognisable frame belongs
// to. Bun's native threads (HTTP client, file I/O, helper GC threads) are not sampled: what the process
// used beyond the JS thread's busy time is theirs.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  /** Microseconds since the previous sample, one per sample. */
  timeDeltas: number[];
}

/**
 * The most one sample stands for, in µs. Bun's sampler takes no samples while the thread sleeps, so the
 * delta after a quiet spell spans the sleep too; busy, it samples every 1–4 ms (the default interval is 1 ms).
 */
const MAX_SAMPLE_US = 4000;

/** The parts, tried in order on each frame from the innermost out; the first whose test matches wins. */
export const PARTS: { name: string; test: RegExp }[] = [
  { name: "remux (TS → fMP4)", test: /\/src\/media\/(ts\/|mpegts|ffmpeg-remuxer|box-stream|mp4-boxes)/ },
  {
    name: "part file writes",
    test: /\/src\/(media\/fragmented-file|recorder\/(durable-write|part-|scratch|space-guard))/,
  },
  { name: "segment fetches", test: /\/src\/recorder\/(segment-fetcher|ordered-fetches)|\bfetch\b/ },
  { name: "playlists", test: /\/src\/(hls\/|recorder\/playlist-poller)|m3u8-parser/ },
  { name: "logging", test: /node_modules\/pino/ },
  { name: "database (checkpoints)", test: /\/src\/db\/|drizzle-orm|bun:sqlite/ },
  { name: "other replayd code", test: /\/src\// },
];
const GC = "garbage collection";
const OTHER = "runtime and libraries";
const IDLE = new Set(["(idle)", "(program)", "(root)"]);

export interface ProfileSplit {
  /** JS-thread busy seconds (idle samples left out). */
  busySeconds: number;
  /** Share (0–1) of the busy seconds per part, GC and the rest included. */
  shares: Record<string, number>;
  /** Where the "other replayd code" and "runtime and libraries" samples sat (innermost file or function), µs. */
  unclassified: Record<string, number>;
}

export function splitProfile(profile: CpuProfile): ProfileSplit {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, string | null>();
  const partOf = (id: number): string | null => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    let part: string | null = null;
    for (let at: number | undefined = id; at !== undefined && part === null; at = parent.get(at)) {
      const frame = (byId.get(at) as ProfileNode).callFrame;
      if (at === id && IDLE.has(frame.functionName)) break; // idle: not counted
      if (frame.functionName === "(garbage collector)") part = GC;
      else part = PARTS.find((p) => p.test.test(`${frame.url} ${frame.functionName}`))?.name ?? null;
    }
    const leaf = (byId.get(id) as ProfileNode).callFrame.functionName;
    const result = part ?? (IDLE.has(leaf) ? null : OTHER);
    memo.set(id, result);
    return result;
  };
  const micros: Record<string, number> = {};
  const unclassified: Record<string, number> = {};
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const part = partOf(id);
    if (part === null) return;
    // The delta before sample i+1 is how long sample i's stack was running.
    const us = Math.min(profile.timeDeltas[i + 1] ?? 1000, MAX_SAMPLE_US);
    micros[part] = (micros[part] ?? 0) + us;
    busy += us;
    if (part === OTHER || part === "other replayd code") {
      const frame = (byId.get(id) as ProfileNode).callFrame;
      const key = `${frame.url.replace(/^.*\/(src|node_modules)\//, "$1/") || "(native)"} ${frame.functionName}`;
      unclassified[key] = (unclassified[key] ?? 0) + us;
    }
  });
  return {
    busySeconds: busy / 1e6,
    shares: Object.fromEntries(Object.entries(micros).map(([k, us]) => [k, busy ? us / busy : 0])),
    unclassified,
  };
}

/** The newest .cpuprofile in a folder, split; null when there is none. */
export function readProfileSplit(dir: string): ProfileSplit | null {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .sort();
  const newest = files.at(-1);
  return newest ? splitProfile(JSON.parse(readFileSync(join(dir, newest), "utf8")) as CpuProfile) : null;
}
