// The scraper of the metrics scenario, run as its own process so its CPU is not the server's: GETs `url` with
// a bearer token, one request at a time (every `interval-ms` as Prometheus paces them, or back to back with
// 0), then prints the latencies as JSON on stdout: the wall time seen here, and the server's own time from
// its Server-Timing header when it sends one.
//   bun scripts/bench/metrics-scrape.ts --url URL --token T --seconds 60 --interval-ms 100 --warmup 1
import { parseArgs } from "node:util";
import { quantile } from "./stats.ts";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    token: { type: "string" },
    seconds: { type: "string", default: "10" },
    "interval-ms": { type: "string", default: "100" },
    warmup: { type: "string", default: "1" },
  },
});
if (!values.url || !values.token) {
  console.error("--url and --token are required");
  process.exit(2);
}
const url = values.url;
const headers = { Authorization: `Bearer ${values.token}` };
const intervalMs = Number(values["interval-ms"]);

type Result = { ms: number; status: number; bytes: number; steps: Record<string, number> };

/** `auth;dur=0.4, render;dur=0.6` → { auth: 0.4, render: 0.6 } (empty without the header). */
function serverTiming(header: string | null): Record<string, number> {
  return Object.fromEntries(
    [...(header ?? "").matchAll(/([\w-]+);dur=([\d.]+)/g)].map((m) => [m[1] as string, Number(m[2])]),
  );
}

async function scrapeFor(seconds: number, onResult: (result: Result) => void) {
  const deadline = performance.now() + seconds * 1000;
  let next = performance.now();
  while (performance.now() < deadline) {
    const at = performance.now();
    const res = await fetch(url, { headers });
    const body = await res.arrayBuffer();
    onResult({
      ms: performance.now() - at,
      status: res.status,
      bytes: body.byteLength,
      steps: serverTiming(res.headers.get("server-timing")),
    });
    // Paced from the schedule, not from the answer, so a slow answer does not thin the samples out.
    next += intervalMs;
    const wait = next - performance.now();
    if (wait > 0) await Bun.sleep(wait);
    else next = performance.now();
  }
}

await scrapeFor(Number(values.warmup), () => {});
const latencies: number[] = [];
const server: number[] = [];
const steps = new Map<string, number[]>();
const errors: Record<number, number> = {};
let bytes = 0;
await scrapeFor(Number(values.seconds), (r) => {
  if (r.status !== 200) {
    errors[r.status] = (errors[r.status] ?? 0) + 1;
    return;
  }
  latencies.push(r.ms);
  const named = Object.entries(r.steps);
  if (named.length) server.push(named.reduce((n, [, ms]) => n + ms, 0));
  for (const [step, ms] of named) steps.set(step, [...(steps.get(step) ?? []), ms]);
  bytes = r.bytes;
});
console.log(
  JSON.stringify({
    requests: latencies.length,
    errors,
    p50_ms: quantile(latencies, 0.5),
    p99_ms: quantile(latencies, 0.99),
    max_ms: Math.max(0, ...latencies),
    server_p50_ms: server.length ? quantile(server, 0.5) : null,
    server_p99_ms: server.length ? quantile(server, 0.99) : null,
    server_steps: Object.fromEntries(
      [...steps].map(([step, ms]) => [step, { p50_ms: quantile(ms, 0.5), p99_ms: quantile(ms, 0.99) }]),
    ),
    bytes,
  }),
);
