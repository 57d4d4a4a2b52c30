// The API load generator, run as its own process so its CPU is not the server's: `concurrency` clients
// each send GET requests one after another for `seconds`, then it prints latencies as JSON on stdout.
//   bun scripts/bench/api-load.ts --url URL --token T --concurrency 32 --seconds 5
import { parseArgs } from "node:util";
import { quantile } from "./stats.ts";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    token: { type: "string" },
    concurrency: { type: "string", default: "1" },
    seconds: { type: "string", default: "5" },
    // Seconds of the same load before measuring: the server's JIT and the database's caches settle, so
    // the percentiles describe a server in use rather than its first requests.
    warmup: { type: "string", default: "1" },
  },
});
if (!values.url || !values.token) {
  console.error("--url and --token are required");
  process.exit(2);
}
const url = values.url;
const headers = { Authorization: `Bearer ${values.token}` };
const concurrency = Number(values.concurrency);

async function once(): Promise<{ ms: number; ok: boolean; status: number }> {
  const at = performance.now();
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  return { ms: performance.now() - at, ok: res.ok, status: res.status };
}

async function loadFor(seconds: number, onResult: (r: Awaited<ReturnType<typeof once>>) => void) {
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) onResult(await once());
    }),
  );
}

await loadFor(Number(values.warmup), () => {});
const latencies: number[] = [];
const statuses = new Map<number, number>();
const started = performance.now();
await loadFor(Number(values.seconds), (r) => {
  if (r.ok) latencies.push(r.ms);
  else statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
});
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    requests: latencies.length,
    errors: Object.fromEntries(statuses),
    p50_ms: quantile(latencies, 0.5),
    p99_ms: quantile(latencies, 0.99),
    max_ms: Math.max(0, ...latencies),
    per_second: latencies.length / seconds,
  }),
);
