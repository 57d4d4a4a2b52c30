// One in-process remuxer measured in a process of its own (so its memory and loaded code are its alone):
// a warm-up pass, then `runs` timed runs of `passes` passes over the segments each, CPU from
// process.cpuUsage. Writes its last output to `out` (for the validity checks) and its figures as JSON on
// stdout.
//   bun scripts/bench/remux-worker.ts <replayd|mux.js> <runs> <passes> <out.mp4> <segment.ts>…
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { IN_PROCESS, type InProcessName, loadRemuxer, type RemuxOutput } from "./remux-impls.ts";
import { readSegments } from "./remux-input.ts";

export interface WorkerRun {
  cpu_ms: number;
  wall_ms: number;
}

export type WorkerResult =
  | { available: false; reason: string }
  | {
      available: true;
      runs: WorkerRun[];
      passes: number;
      input_bytes: number;
      output_bytes: number;
      /** After the warm-up and after the last run, both after a full garbage collection. */
      heap_mb_before: number;
      heap_mb_after: number;
      rss_mb_before: number;
      rss_mb_after: number;
      peak_rss_mb: number;
      /** Files and lines of JavaScript loaded from node_modules (mux.js and what it requires). */
      loaded_dependency_files: number;
      loaded_dependency_lines: number;
    };

const [name, runsArg, passesArg, out, ...files] = process.argv.slice(2);
if (!IN_PROCESS.includes(name as InProcessName) || !out || files.length === 0) {
  console.error("usage: remux-worker.ts <replayd|mux.js> <runs> <passes> <out.mp4> <segment.ts>…");
  process.exit(2);
}
const print = (result: WorkerResult) => console.log(JSON.stringify(result));
const remux = await loadRemuxer(name as InProcessName);
if ("unavailable" in remux) {
  print({ available: false, reason: remux.unavailable });
} else {
  const segments = readSegments(files);
  const inputBytes = segments.reduce((n, s) => n + s.byteLength, 0);
  let output: RemuxOutput = remux(segments); // warm-up: the JIT, lazily loaded modules
  Bun.gc(true);
  const before = process.memoryUsage();
  const runs: WorkerRun[] = [];
  for (let r = 0; r < Number(runsArg); r++) {
    const cpu = process.cpuUsage();
    const wall = performance.now();
    for (let p = 0; p < Number(passesArg); p++) output = remux(segments);
    const used = process.cpuUsage(cpu);
    runs.push({ cpu_ms: (used.user + used.system) / 1000, wall_ms: performance.now() - wall });
  }
  Bun.gc(true);
  const after = process.memoryUsage();
  const bytes = [output.init, ...output.chunks];
  writeFileSync(out, Buffer.concat(bytes));
  const loaded = loadedDependencyCode();
  const mb = (n: number) => n / 2 ** 20;
  print({
    available: true,
    runs,
    passes: Number(passesArg),
    input_bytes: inputBytes,
    output_bytes: bytes.reduce((n, b) => n + b.byteLength, 0),
    heap_mb_before: mb(before.heapUsed),
    heap_mb_after: mb(after.heapUsed),
    rss_mb_before: mb(before.rss),
    rss_mb_after: mb(after.rss),
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    loaded_dependency_files: loaded.files,
    loaded_dependency_lines: loaded.lines,
  });
}

/** What this process required from node_modules: the code a dependency really brings along. */
function loadedDependencyCode(): { files: number; lines: number } {
  const cache = createRequire(import.meta.url).cache;
  const paths = Object.keys(cache).filter((p) => p.includes("/node_modules/"));
  const lines = paths.reduce((n, p) => n + readFileSync(p, "utf8").split("\n").length, 0);
  return { files: paths.length, lines };
}
