// A long recording, time-warped: does the recorder stay flat in memory and disk as the stream grows, and is
// the file playable within seconds of the end however long it is? Runs the simulator as its own process
// and the recorder in this one, samples memory (this process + its ffmpeg) and scratch disk all along.
//
//   bun scripts/bench-long-recording.ts [--hours 4] [--warp 60] [--kbps 1500] [--segment 2]
//
// Prints a table and writes bench-results/long-recording.json.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { probe } from "../src/media/ffprobe.ts";
import { quiet, record } from "../tests/support/recorder.ts";

const { values } = parseArgs({
  options: {
    hours: { type: "string", default: "4" },
    warp: { type: "string", default: "60" },
    kbps: { type: "string", default: "1500" },
    segment: { type: "string", default: "2" },
  },
});
const hours = Number(values.hours);
const warp = Number(values.warp);
const segmentSeconds = Number(values.segment);
const root = join(import.meta.dir, "..");

const sim = Bun.spawn(
  [process.execPath, join(root, "src/main.ts"), "sim", "--port", "0", "--warp", String(warp), "--seed", "4"],
  {
    stdout: "pipe",
    stderr: "inherit",
    env: { ...process.env, LOG_FORMAT: "json", LOG_LEVEL: "info" },
  },
);
const url = await readyUrl(sim.stdout);
const control = async (path: string, body: unknown = {}) => {
  const res = await fetch(`${url}/sim${path}`, { method: "POST", body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${await res.text()}`);
};
const simNow = async () =>
  Date.parse(((await (await fetch(`${url}/sim/state`)).json()) as { now: string }).now);

const login = "kitchen_lab";
await control(`/channels/${login}/live`, {
  segment_seconds: segmentSeconds,
  ladder: ["720p30"],
  bitrate_kbps: Number(values.kbps),
  // Twitch keeps ~30 s of segments listed; under the warp, as many real seconds need a longer list.
  window_segments: Math.min(600, Math.ceil((30 * warp) / segmentSeconds)),
});
const liveAt = await simNow();
const work = mkdtempSync(join(tmpdir(), "replayd-long-"));
const run = record(url, login, { root: work, settings: { maxRestartGapSeconds: 0, rejoinPollSeconds: 0.2 } });

interface Sample {
  stream_minutes: number;
  rss_mb: number;
  ffmpeg_rss_mb: number;
  scratch_mb: number;
  file_mb: number;
}
const samples: Sample[] = [];
const endAt = liveAt + hours * 3600_000;
for (;;) {
  const now = await simNow();
  samples.push({
    stream_minutes: (now - liveAt) / 60_000,
    rss_mb: process.memoryUsage().rss / 2 ** 20,
    ffmpeg_rss_mb: childRssMb(),
    scratch_mb: folderBytes(join(work, "scratch")) / 2 ** 20,
    file_mb: folderBytes(join(work, "storage")) / 2 ** 20,
  });
  if (now >= endAt) break;
  await Bun.sleep(500);
}
const offlineAt = performance.now();
await control(`/channels/${login}/offline`, { end: "endlist" });
while (run.journal.finished.length === 0) await Bun.sleep(20);
const playableAfterMs = performance.now() - offlineAt;
const outcome = await run.done;
sim.kill();

const part = run.journal.finished[0]?.part;
const file = join(run.storageRoot, part?.key ?? "");
const info = await probe(file);
// Memory is a sawtooth (garbage collection): compare like with like, the peak of the first ten minutes of
// the stream against the peak of its last ten minutes.
const tenMinutes = samples.filter((s) => s.stream_minutes <= 10);
const lastTen = samples.filter((s) => s.stream_minutes >= hours * 60 - 10);
const peak = (list: Sample[], key: keyof Sample) => Math.max(...list.map((s) => s[key]));
const recorderPeak = (list: Sample[]) => Math.max(...list.map((s) => s.rss_mb + s.ffmpeg_rss_mb));
const videoMb = statSync(file).size / 2 ** 20;
const result = {
  hours,
  warp,
  kbps: Number(values.kbps),
  outcome: outcome.kind,
  video_seconds: info.durationSeconds,
  video_mb: videoMb,
  playable_after_end_ms: Math.round(playableAfterMs),
  recorder_peak_rss_mb_first_10min: recorderPeak(tenMinutes),
  recorder_peak_rss_mb_last_10min: recorderPeak(lastTen),
  rss_growth_percent: (recorderPeak(lastTen) / recorderPeak(tenMinutes) - 1) * 100,
  recorder_peak_rss_mb_overall: recorderPeak(samples),
  peak_scratch_mb: peak(samples, "scratch_mb"),
  peak_extra_disk_percent_of_video: (peak(samples, "scratch_mb") / videoMb) * 100,
  gaps: outcome.state.gaps.length,
};
mkdirSync(join(root, "bench-results"), { recursive: true });
writeFileSync(
  join(root, "bench-results", "long-recording.json"),
  JSON.stringify({ result, samples }, null, 2),
);
console.table(result);
quiet.flush?.();
process.exit(outcome.kind === "finished" ? 0 : 1);

async function readyUrl(stream: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of stream) {
    buffer += decoder.decode(chunk);
    const match = /"url":"(http:\/\/[^"]+)"/.exec(buffer);
    if (match) return match[1] as string;
  }
  throw new Error("the simulator did not start");
}

function childRssMb(): number {
  // ffmpeg processes whose parent is this one.
  let total = 0;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid !== process.pid || !stat.includes("(ffmpeg)")) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      total += Number(rss?.[1] ?? 0) / 1024;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

function folderBytes(dir: string): number {
  let total = 0;
  try {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stat = statSync(path);
      total += stat.isDirectory() ? folderBytes(path) : stat.size;
    }
  } catch {
    // not created yet
  }
  return total;
}
