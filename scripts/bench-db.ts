// Measures the library list (video.listPage) on SQLite and Postgres side by side: p50/p99 of the first page
// and of a deep keyset page, for several filter + sort combinations, plus a few other big reads.
//   node_modules/.bin/bun scripts/bench-db.ts --seed                 # seeds 100,000 videos where empty
//   node_modules/.bin/bun scripts/bench-db.ts --sqlite sqlite:./data/bench.db --pg postgres://…/replayd_bench
// Prints a table and writes JSON (--out, default ./data/bench-db.json). A line is "ok" when p99 < 20 ms.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import type { DatabaseHandle } from "../src/db/connection.ts";
import { createRepository } from "../src/db/repository.ts";
import type { VideoListQuery } from "../src/domain/videos.ts";
import { cursorAt, openLibrary } from "./bench/library.ts";
import { DEFAULT_SEED } from "./lib/seed-library.ts";

const { values: args } = parseArgs({
  options: {
    sqlite: { type: "string", default: "sqlite:./data/bench.db" },
    pg: { type: "string", default: "postgres://postgres@127.0.0.1:5432/replayd_bench" },
    seed: { type: "boolean", default: false },
    videos: { type: "string", default: String(DEFAULT_SEED.videos) },
    iterations: { type: "string", default: "300" },
    depth: { type: "string", default: "40000" },
    out: { type: "string", default: "./data/bench-db.json" },
  },
});
const ITERATIONS = Number(args.iterations);
const WARMUP = 30;
const DEPTH = Number(args.depth);
const TARGET_P99_MS = 20;

interface Scenario {
  name: string;
  query: Omit<VideoListQuery, "limit" | "cursor">;
  /** Part of acceptance 4 (a filter and a sort), or shown for information. */
  acceptance?: boolean;
}

const SCENARIOS: Scenario[] = [
  {
    name: "language=en, sort duration desc",
    query: { viewer_id: "1000", language: "en", sort: "duration", order: "desc" },
    acceptance: true,
  },
  {
    name: "status=DONE, sort size asc",
    query: { viewer_id: "1000", status: "DONE", sort: "size", order: "asc" },
    acceptance: true,
  },
  {
    name: "duration=long, sort created desc",
    query: { viewer_id: "1000", duration: "long", sort: "created_at" },
    acceptance: true,
  },
  { name: "no filter, sort created desc", query: { viewer_id: "1000" } },
  { name: "channel 100000, sort created desc", query: { viewer_id: "1000", broadcaster_id: "100000" } },
  {
    name: "unwatched, sort channel asc",
    query: { viewer_id: "1000", unwatched_only: true, sort: "channel", order: "asc" },
  },
];

interface Result {
  database: string;
  scenario: string;
  page: string;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  acceptance: boolean;
}

async function prepare(url: string): Promise<DatabaseHandle> {
  return openLibrary(url, { seed: args.seed === true, videos: Number(args.videos) });
}

async function time(run: () => Promise<unknown>): Promise<{ p50: number; p99: number; max: number }> {
  for (let i = 0; i < WARMUP; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)] as number;
  return { p50: at(0.5), p99: at(0.99), max: samples.at(-1) as number };
}

const results: Result[] = [];
const handles: { label: string; db: DatabaseHandle }[] = [];
for (const url of [args.sqlite, args.pg]) {
  const db = await prepare(url);
  handles.push({ label: db.dialect === "sqlite" ? "SQLite" : "Postgres", db });
}

for (const scenario of SCENARIOS) {
  for (const { label, db } of handles) {
    const repo = createRepository(db);
    const first = await time(() => repo.videos.listPage({ ...scenario.query, limit: 50 }));
    const cursor = await cursorAt(repo, scenario.query, DEPTH);
    const deep = await time(() => repo.videos.listPage({ ...scenario.query, limit: 50, cursor }));
    const depthLabel = cursor
      ? `deep (after ~${DEPTH.toLocaleString("en")})`
      : "deep (list shorter: last page)";
    for (const [page, t] of [
      ["first", first],
      [depthLabel, deep],
    ] as const) {
      results.push({
        database: label,
        scenario: scenario.name,
        page,
        p50_ms: t.p50,
        p99_ms: t.p99,
        max_ms: t.max,
        acceptance: scenario.acceptance === true,
      });
    }
  }
}

// Other big reads, for information.
for (const { label, db } of handles) {
  const repo = createRepository(db);
  const other: [string, () => Promise<unknown>][] = [
    ["statistics", () => repo.videos.statistics("1000")],
    ["search 'speedrun'", () => repo.videos.search("speedrun", 8)],
    ["categories by video count", () => repo.categories.listPage({ limit: 50, sort: "video_count_desc" })],
    ["channels page", () => repo.channels.listPage({ viewer_id: "1000", limit: 60 })],
  ];
  for (const [name, run] of other) {
    const t = await time(run);
    results.push({
      database: label,
      scenario: name,
      page: "-",
      p50_ms: t.p50,
      p99_ms: t.p99,
      max_ms: t.max,
      acceptance: false,
    });
  }
}

for (const { db } of handles) await db.close();

const fmt = (ms: number) => ms.toFixed(2).padStart(7);
const rows = results.map(
  (r) =>
    `| ${r.database.padEnd(8)} | ${r.scenario.padEnd(34)} | ${r.page.padEnd(26)} | ${fmt(r.p50_ms)} | ${fmt(r.p99_ms)} | ${fmt(r.max_ms)} | ${r.acceptance ? (r.p99_ms < TARGET_P99_MS ? "ok" : "OVER") : ""} |`,
);
console.log(`video list, ${ITERATIONS} runs each after ${WARMUP} warm-up, limit 50 (ms)`);
console.log(
  `| database | scenario${" ".repeat(26)} | page${" ".repeat(22)} |     p50 |     p99 |     max | < 20 ms |`,
);
console.log(`|---|---|---|---:|---:|---:|---|`);
for (const row of rows) console.log(row);
mkdirSync(dirname(args.out), { recursive: true });
writeFileSync(
  args.out,
  JSON.stringify(
    {
      at: new Date().toISOString(),
      iterations: ITERATIONS,
      depth: DEPTH,
      target_p99_ms: TARGET_P99_MS,
      results,
    },
    null,
    2,
  ),
);
console.log(`\nwritten to ${args.out}`);
const failed = results.filter((r) => r.acceptance && r.p99_ms >= TARGET_P99_MS);
if (failed.length) process.exitCode = 1;
