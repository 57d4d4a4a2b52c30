// `npm run bench [-- --quick] [--only id,id]`: runs the scenarios one after another on this machine, writes
// bench/results/<date>.json and regenerates docs/benchmarks.md from it.
//   --quick      a ~3-minute smoke run of every scenario with small sizes (its figures mean little, so it
//                leaves docs/benchmarks.md alone unless --docs is given too)
//   --only IDS   some scenarios only: recording_cost, detection, finalisation, api, footprint, remuxer,
//                chat-page, chat_cost, metrics
//   --merge      with --only: the other scenarios keep their figures from the latest full results file,
//                so docs/benchmarks.md still shows every scenario (the page says which run each came from)
//   --no-docs    leave docs/benchmarks.md alone (results file only); --docs rewrites it even after --quick
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { api } from "./api.ts";
import { chatCost } from "./chat-cost.ts";
import { chatPage } from "./chat-page.ts";
import { detection } from "./detection.ts";
import { finalisation } from "./finalisation.ts";
import { footprint } from "./footprint.ts";
import { ensureBinary, machine, versions } from "./machine.ts";
import { metricsScrape } from "./metrics.ts";
import { recordingCost } from "./recording-cost.ts";
import { remuxer } from "./remuxer.ts";
import { renderReport } from "./report.ts";
import type { BenchResults, ScenarioResult } from "./results.ts";
import type { Scenario } from "./scenario.ts";

const SCENARIOS: Scenario[] = [
  recordingCost,
  detection,
  finalisation,
  api,
  footprint,
  remuxer,
  chatPage,
  chatCost,
  metricsScrape,
];
const root = join(import.meta.dir, "..", "..");

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    "no-docs": { type: "boolean", default: false },
    docs: { type: "boolean", default: false },
    merge: { type: "boolean", default: false },
  },
});
const only = values.only?.split(",").map((s) => s.trim());
const unknown = only?.filter((id) => !SCENARIOS.some((s) => s.id === id)) ?? [];
if (unknown.length) {
  console.error(
    `--only: unknown scenario ${unknown.join(", ")}; pick from ${SCENARIOS.map((s) => s.id).join(", ")}`,
  );
  process.exit(2);
}

const started = performance.now();
const binary = await ensureBinary();
const results: BenchResults = {
  date: new Date().toISOString(),
  quick: values.quick === true,
  machine: machine(),
  versions: await versions(binary),
  total_seconds: 0,
  scenarios: [],
};
const work = mkdtempSync(join(tmpdir(), "replayd-bench-"));
try {
  for (const scenario of SCENARIOS.filter((s) => !only || only.includes(s.id))) {
    const at = performance.now();
    const log = (message: string) => console.error(`[${elapsed(started)}] ${scenario.id}: ${message}`);
    log("starting");
    const workDir = join(work, scenario.id);
    mkdirSync(workDir, { recursive: true });
    let result: ScenarioResult;
    try {
      const out = await scenario.run({ quick: results.quick, binary, workDir, log });
      result = { id: scenario.id, title: scenario.title, ...out, seconds: (performance.now() - at) / 1000 };
    } catch (err) {
      log(`FAILED: ${(err as Error).stack ?? err}`);
      result = {
        id: scenario.id,
        title: scenario.title,
        setup: "",
        tables: [],
        targets: [],
        raw: null,
        seconds: (performance.now() - at) / 1000,
        error: (err as Error).message,
      };
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
    results.scenarios.push(result);
    log(`done in ${Math.round(result.seconds)} s`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
results.total_seconds = (performance.now() - started) / 1000;
if (values.merge && only && !results.quick) mergeWithLatest(results);
if (!results.quick && results.total_seconds > 30 * 60)
  console.error(
    `bench: the run took ${Math.round(results.total_seconds / 60)} min, over its 30-minute budget: was the machine busy? (host busy % in the recording-cost table)`,
  );

const file = join(
  root,
  "bench",
  "results",
  `${results.date.replace(/[:]/g, "-").slice(0, 19)}${results.quick ? "-quick" : ""}.json`,
);
mkdirSync(join(root, "bench", "results"), { recursive: true });
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.error(`results: ${relative(root, file)}`);
if (values.docs || (!values.quick && !values["no-docs"])) {
  writeFileSync(join(root, "docs", "benchmarks.md"), renderReport(results, relative(root, file)));
  console.error("docs/benchmarks.md regenerated");
}
for (const s of results.scenarios)
  for (const t of s.targets)
    console.log(`${t.met === null ? "  ?" : t.met ? " ok" : "MISS"}  ${s.title}: ${t.target}: ${t.measured}`);
if (results.scenarios.some((s) => s.error)) process.exitCode = 1;

/**
 * Keeps the latest full (or merged) run's figures of the scenarios not run now, in the suite's order, each
 * saying which run it comes from.
 */
function mergeWithLatest(results: BenchResults): void {
  const dir = join(root, "bench", "results");
  const latest = readdirSync(dir)
    .filter((f) => f.endsWith(".json") && !f.endsWith("-quick.json"))
    .sort()
    .at(-1);
  if (!latest) return;
  const earlier = JSON.parse(readFileSync(join(dir, latest), "utf8")) as BenchResults;
  const origin = {
    file: `bench/results/${latest}`,
    date: earlier.date,
    replayd: earlier.versions.replayd ?? "unknown",
    cpu: `${earlier.machine.cpu}, ${earlier.machine.cores} cores`,
  };
  const ran = new Map(results.scenarios.map((s) => [s.id, s]));
  const kept = new Map(earlier.scenarios.map((s) => [s.id, { ...s, kept_from: s.kept_from ?? origin }]));
  results.scenarios = SCENARIOS.map((s) => ran.get(s.id) ?? kept.get(s.id)).filter(
    (s): s is ScenarioResult => s !== undefined,
  );
}

function elapsed(since: number): string {
  const s = Math.round((performance.now() - since) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
