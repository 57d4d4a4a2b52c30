// Scenario 4: the library API over HTTP against the real server (the compiled binary) on SQLite and on
// Postgres, both seeded with the same library: video.listPage (first page, a deep page, filtered and
// sorted), video.search and video.statistics; p50/p99 at 1 and 32 concurrent clients from a separate
// load process (scripts/bench/api-load.ts), the two databases interleaved.
import { join } from "node:path";
import { createRepository } from "../../src/db/repository.ts";
import { freePort } from "../../tests/support/ports.ts";
import { type ServerProcess, spawnServer } from "../../tests/support/server-process.ts";
import { mintBenchToken } from "./api-token.ts";
import { cursorAt, openLibrary } from "./library.ts";
import type { Table, TargetCheck } from "./results.ts";
import type { Scenario } from "./scenario.ts";
import { round } from "./stats.ts";

const VIEWER = "1000"; // the seeded library's owner
const FULL = {
  videos: 100_000,
  depth: 40_000,
  seconds: 5,
  sqlite: "sqlite:./data/bench.db",
  pg: "postgres://postgres@127.0.0.1:5432/replayd_bench",
};
const QUICK = {
  videos: 5_000,
  depth: 2_000,
  seconds: 0.7,
  sqlite: "sqlite:./data/bench-quick.db",
  pg: "postgres://postgres@127.0.0.1:5432/replayd_bench_quick",
};
const CONCURRENCY = [1, 32];
const root = join(import.meta.dir, "..", "..");

interface Query {
  name: string;
  procedure: string;
  input?: unknown;
  /** A video.listPage call: its p99 is held to the 20 ms target. */
  listPage: boolean;
}

interface Measurement {
  database: string;
  query: string;
  concurrency: number;
  requests: number;
  errors: Record<string, number>;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  per_second: number;
}

export const api: Scenario = {
  id: "api",
  title: "4. API",
  async run(ctx) {
    const profile = ctx.quick ? QUICK : FULL;
    const servers: { label: string; server: ServerProcess; token: string; queries: Query[] }[] = [];
    try {
      for (const [label, url] of [
        ["SQLite", profile.sqlite],
        ["Postgres", profile.pg],
      ] as const) {
        const databaseUrl = url.startsWith("sqlite:./") ? `sqlite:${join(root, url.slice(9))}` : url;
        const db = await openLibrary(databaseUrl, { seed: true, videos: profile.videos, log: ctx.log });
        const repo = createRepository(db);
        const token = await mintBenchToken(repo, VIEWER);
        const deep = await cursorAt(repo, { viewer_id: VIEWER }, profile.depth);
        await db.close();
        const queries: Query[] = [
          { name: "listPage first page", procedure: "video.listPage", input: { limit: 50 }, listPage: true },
          {
            name: `listPage deep page (~${profile.depth.toLocaleString("en")} in)`,
            procedure: "video.listPage",
            input: { limit: 50, cursor: deep },
            listPage: true,
          },
          {
            name: "listPage language=en, sort duration desc",
            procedure: "video.listPage",
            input: { limit: 50, language: "en", sort: "duration", order: "desc" },
            listPage: true,
          },
          {
            name: "search 'speedrun'",
            procedure: "video.search",
            input: { query: "speedrun" },
            listPage: false,
          },
          { name: "statistics", procedure: "video.statistics", listPage: false },
        ];
        const port = freePort();
        const server = await spawnServer({
          cmd: [ctx.binary],
          cwd: ctx.workDir,
          env: {
            PORT: String(port),
            DATABASE_URL: databaseUrl,
            DATA_DIR: join(ctx.workDir, label),
            SERVER_MODE: "off",
            LOG_LEVEL: "info", // the default; the ready line is at info
          },
          readyTimeoutMs: 20_000,
        });
        servers.push({ label, server, token, queries });
        await checkAuthorised(server.url, token, queries[0] as Query);
      }
      const results: Measurement[] = [];
      const queryCount = servers[0]?.queries.length ?? 0;
      for (let q = 0; q < queryCount; q++) {
        for (const concurrency of CONCURRENCY) {
          for (const { label, server, token, queries } of servers) {
            const query = queries[q] as Query;
            ctx.log(`${label}: ${query.name}, ${concurrency} client(s)`);
            const m = await load(server.url, token, query, concurrency, profile.seconds);
            results.push({ database: label, query: query.name, concurrency, ...m });
          }
        }
      }
      return summarise(results, servers[0]?.queries ?? [], profile);
    } finally {
      for (const { server } of servers) await server.stop();
    }
  },
};

/** A second of warm-up for a full run; a third of the measured time for the quick one. */
function warmupSeconds(seconds: number): number {
  return Math.min(1, Math.round((seconds / 3) * 100) / 100);
}

function requestUrl(base: string, query: Query): string {
  const input = query.input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(query.input))}`;
  return `${base}/trpc/${query.procedure}${input}`;
}

/** One request first, so a refused token says so instead of producing a table of errors. */
async function checkAuthorised(base: string, token: string, query: Query): Promise<void> {
  const res = await fetch(requestUrl(base, query), { headers: { Authorization: `Bearer ${token}` } });
  if (res.ok) return;
  const body = (await res.text()).slice(0, 300);
  throw new Error(
    `the server answered ${res.status} to the bench's API token (${body}): it must accept bearer API tokens (src/auth), hashed as scripts/bench/api-token.ts stores them`,
  );
}

async function load(base: string, token: string, query: Query, concurrency: number, seconds: number) {
  const proc = Bun.spawn(
    [
      process.execPath,
      join(import.meta.dir, "api-load.ts"),
      "--url",
      requestUrl(base, query),
      "--token",
      token,
      "--concurrency",
      String(concurrency),
      "--seconds",
      String(seconds),
      "--warmup",
      String(warmupSeconds(seconds)),
    ],
    { stdout: "pipe", stderr: "pipe", stdin: "ignore" },
  );
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`the load process failed (${code}): ${err}`);
  return JSON.parse(out) as Omit<Measurement, "database" | "query" | "concurrency">;
}

function summarise(results: Measurement[], queries: Query[], profile: typeof FULL) {
  const find = (db: string, query: string, c: number) =>
    results.find((r) => r.database === db && r.query === query && r.concurrency === c);
  const tables: Table[] = CONCURRENCY.map((c) => ({
    title: `${c} client${c > 1 ? "s" : ""} (ms)`,
    columns: [
      "query",
      "SQLite p50",
      "SQLite p99",
      "Postgres p50",
      "Postgres p99",
      "SQLite req/s",
      "Postgres req/s",
      "errors",
    ],
    rows: queries.map((q) => {
      const s = find("SQLite", q.name, c);
      const p = find("Postgres", q.name, c);
      const errors = [s, p].reduce(
        (n, m) => n + Object.values(m?.errors ?? {}).reduce((a, b) => a + b, 0),
        0,
      );
      return [
        q.name,
        round(s?.p50_ms ?? Number.NaN, 2),
        round(s?.p99_ms ?? Number.NaN, 2),
        round(p?.p50_ms ?? Number.NaN, 2),
        round(p?.p99_ms ?? Number.NaN, 2),
        round(s?.per_second ?? Number.NaN, 0),
        round(p?.per_second ?? Number.NaN, 0),
        errors,
      ];
    }),
  }));
  const targets: TargetCheck[] = ["SQLite", "Postgres"].map((db) => {
    const list = results.filter(
      (r) => r.database === db && r.concurrency === 1 && queries.find((q) => q.name === r.query)?.listPage,
    );
    const worst = Math.max(...list.map((r) => r.p99_ms));
    return {
      target: `video.listPage p99 under 20 ms with ${profile.videos.toLocaleString("en")} videos on ${db} (1 client; first, deep, filtered+sorted)`,
      measured: `${round(worst, 1)} ms (worst of the three)`,
      met: list.length ? worst < 20 : null,
    };
  });
  return {
    setup:
      `${profile.videos.toLocaleString("en")} seeded videos (scripts/seed.ts's library, reused between runs) on each database; the compiled server per database on loopback; ` +
      `tRPC GET /trpc/<procedure>?input=… with an API token; a separate Bun load process runs 1 or 32 clients, each sending requests back to back for ${profile.seconds} s after ${warmupSeconds(profile.seconds)} s of the same load as a warm-up; the databases take turns query by query.`,
    tables,
    targets,
    raw: results,
  };
}
