// Simulator load benchmark (acceptance 5 of the simulator issue): one `replayd sim` process serves N
// concurrent live streams at a given bitrate to N HLS readers (GQL token → usher → media playlist
// polled every segment → each new segment fetched whole) for a fixed time. Reports whether any reader
// fell behind (a segment missed from the sliding window, or fetched later than one segment after it was
// produced), the simulator's CPU (process CPU time / wall time, from /proc) and memory, as a table and as
// JSON.
//
//   bun scripts/bench-sim.ts [--streams 50] [--seconds 60] [--bitrate 6000] [--segment 2] [--json FILE]
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { processCpuSeconds } from "./bench/proc.ts";
import { mediaPlaylistUrl as playlistOf, startSimulator } from "./bench/sim-process.ts";
import { quantile } from "./bench/stats.ts";

const { values } = parseArgs({
  options: {
    streams: { type: "string", default: "50" },
    seconds: { type: "string", default: "60" },
    bitrate: { type: "string", default: "6000" },
    segment: { type: "string", default: "2" },
    json: { type: "string", default: "bench-results/sim.json" },
  },
});
const STREAMS = Number(values.streams);
const SECONDS = Number(values.seconds);
const BITRATE = Number(values.bitrate);
const D = Number(values.segment);
const root = join(import.meta.dir, "..");

interface ReaderStats {
  segments: number;
  bytes: number;
  missed: number;
  /** Seconds from a segment being complete (PDT + d) to its last byte arriving here. */
  lags: number[];
  fetchMs: number[];
  playlistMs: number[];
  errors: number;
}

const sim = await startSimulator({ seed: 1 });
const mediaPlaylistUrl = (login: string) => playlistOf(sim.url, login);
try {
  const logins = Array.from({ length: STREAMS }, (_, i) => `bench_${String(i).padStart(3, "0")}`);
  for (const login of logins) {
    await post(`/sim/users`, { login });
    await post(`/sim/channels/${login}/live`, {
      ladder: ["1080p60", "audio_only"],
      bitrate_kbps: BITRATE,
      segment_seconds: D,
    });
  }
  // Wait for the first segments, then for the media pool (rendered once; seconds the very first time).
  await Bun.sleep(D * 1000 * 3 + 200);
  const warmStarted = performance.now();
  const firstPlaylist = await mediaPlaylistUrl(logins[0] as string);
  const warm = parsePlaylist(await (await fetch(firstPlaylist)).text());
  await (await fetch(warm.segments.at(-1)?.uri as string)).arrayBuffer();
  const warmMs = Math.round(performance.now() - warmStarted);

  const playlists = await Promise.all(logins.map(mediaPlaylistUrl));
  const cpuBefore = processCpuSeconds(sim.pid);
  const readersCpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = Date.now() + SECONDS * 1000;
  const readers = await Promise.all(playlists.map((url) => read(url, deadline)));
  const wallSeconds = (performance.now() - started) / 1000;
  const cpuSeconds = processCpuSeconds(sim.pid) - cpuBefore;
  const readersCpu = process.cpuUsage(readersCpuBefore);
  const memory = processMemory(sim.pid);

  const all = (pick: (r: ReaderStats) => number[]) => readers.flatMap(pick).sort((a, b) => a - b);
  const lags = all((r) => r.lags);
  const fetches = all((r) => r.fetchMs);
  const playlistTimes = all((r) => r.playlistMs);
  const lagBudget = 2 * D;
  const behind = readers.filter(
    (r) => r.missed > 0 || r.errors > 0 || Math.max(0, ...r.lags) > lagBudget,
  ).length;
  const bytes = readers.reduce((n, r) => n + r.bytes, 0);
  const result = {
    date: new Date().toISOString(),
    streams: STREAMS,
    seconds: SECONDS,
    bitrate_kbps: BITRATE,
    segment_seconds: D,
    pool_warm_ms: warmMs,
    segments_fetched: readers.reduce((n, r) => n + r.segments, 0),
    throughput_mbps: +((bytes * 8) / 1e6 / wallSeconds).toFixed(1),
    missed_segments: readers.reduce((n, r) => n + r.missed, 0),
    errors: readers.reduce((n, r) => n + r.errors, 0),
    readers_behind: behind,
    lag_p50_s: +quantile(lags, 0.5).toFixed(3),
    lag_p99_s: +quantile(lags, 0.99).toFixed(3),
    lag_max_s: +(lags.at(-1) ?? 0).toFixed(3),
    lag_budget_s: lagBudget,
    segment_fetch_p50_ms: Math.round(quantile(fetches, 0.5)),
    segment_fetch_p99_ms: Math.round(quantile(fetches, 0.99)),
    playlist_p99_ms: Math.round(quantile(playlistTimes, 0.99)),
    sim_cpu_seconds: +cpuSeconds.toFixed(2),
    sim_cpu_percent_of_one_core: +((cpuSeconds / wallSeconds) * 100).toFixed(1),
    sim_rss_mb: memory.rssMb,
    sim_peak_rss_mb: memory.peakMb,
    sim_pss_mb: memory.pssMb,
    // The readers share the machine: their CPU tells whether a late segment was the server's fault.
    readers_cpu_percent_of_one_core: +(
      ((readersCpu.user + readersCpu.system) / 1e6 / wallSeconds) *
      100
    ).toFixed(1),
    fell_behind: behind > 0,
  };
  printTable(result);
  mkdirSync(dirname(join(root, values.json)), { recursive: true });
  await Bun.write(join(root, values.json), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwritten to ${values.json}`);
  process.exitCode = result.fell_behind ? 1 : 0;
} finally {
  await sim.stop();
}

/** One HLS reader: reload every segment duration, fetch every new segment whole, in order. */
async function read(playlistUrl: string, deadline: number): Promise<ReaderStats> {
  const stats: ReaderStats = {
    segments: 0,
    bytes: 0,
    missed: 0,
    lags: [],
    fetchMs: [],
    playlistMs: [],
    errors: 0,
  };
  let last = -1;
  let catchingUp = true;
  // Spread the readers' reload phases like independent clients.
  await Bun.sleep(Math.random() * D * 1000);
  while (Date.now() < deadline) {
    const reloadAt = performance.now();
    const res = await fetch(playlistUrl);
    stats.playlistMs.push(performance.now() - reloadAt);
    if (!res.ok) {
      stats.errors++;
      await Bun.sleep(D * 500);
      continue;
    }
    const playlist = parsePlaylist(await res.text());
    // Start 3 segments from the live edge, as streamlink does.
    if (last < 0) last = playlist.liveSequence + playlist.segments.length - 4;
    for (const [i, segment] of playlist.segments.entries()) {
      const sequence = playlist.liveSequence + i;
      if (sequence <= last) continue;
      if (sequence > last + 1) stats.missed += sequence - last - 1;
      const fetchAt = performance.now();
      const body = await fetch(segment.uri).then((r) => (r.ok ? r.arrayBuffer() : null));
      if (!body) {
        stats.errors++;
        continue;
      }
      stats.fetchMs.push(performance.now() - fetchAt);
      // The backlog the reader starts with is old by design; lag counts from the first new segment.
      if (!catchingUp) stats.lags.push((Date.now() - (segment.date + D * 1000)) / 1000);
      stats.segments++;
      stats.bytes += body.byteLength;
      last = sequence;
    }
    catchingUp = false;
    await Bun.sleep(Math.max(0, D * 1000 - (performance.now() - reloadAt)));
  }
  return stats;
}

function parsePlaylist(text: string) {
  const lines = text.split("\n");
  const liveSequence = Number(lines.find((l) => l.startsWith("#EXT-X-TWITCH-LIVE-SEQUENCE:"))?.split(":")[1]);
  const segments: { uri: string; date: number }[] = [];
  let date = 0;
  for (const line of lines) {
    if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) date = Date.parse(line.slice(25));
    else if (line && !line.startsWith("#")) segments.push({ uri: line, date });
  }
  return { liveSequence, segments };
}

async function post(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${sim.url}${path}`, { method: "POST", body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
}

function processMemory(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string, text: string) =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0);
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  return {
    rssMb: Math.round(kb("VmRSS", status) / 1024),
    peakMb: Math.round(kb("VmHWM", status) / 1024),
    pssMb: Math.round(kb("Pss", rollup) / 1024),
  };
}

function printTable(result: Record<string, unknown>): void {
  const width = Math.max(...Object.keys(result).map((k) => k.length));
  console.log(`\nreplayd sim: ${STREAMS} streams × ${BITRATE} kbit/s, ${D} s segments, ${SECONDS} s\n`);
  for (const [key, value] of Object.entries(result)) console.log(`${key.padEnd(width)}  ${value}`);
}
