// Scenario 1: what recording N concurrent 6 Mbps 1080p60 streams costs with replayd, ffmpeg and
// streamlink, interleaved (each repetition runs the three in turn, the order rotating), on fresh streams
// of the simulator running in its own process.
import { existsSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { hostBusy } from "./host.ts";
import { cpuByNameBetween, processCpuSeconds, TreeSampler } from "./proc.ts";
import { RECORDERS, type RecorderName, startRecorder } from "./recorders.ts";
import type { Table, TargetCheck } from "./results.ts";
import type { BenchContext, Scenario } from "./scenario.ts";
import { checkSegments, contentPoolSize, keyframeLabels } from "./segments.ts";
import { type SimProcess, startSimulator } from "./sim-process.ts";
import { median, medianOf, ratio, round } from "./stats.ts";
import { bytesUnder, exitOrStop, mapLimit, until } from "./util.ts";

const LIVE = { ladder: ["1080p60"], bitrate_kbps: 6000, segment_seconds: 2 };
const POOL_SIZE = contentPoolSize(LIVE.segment_seconds, 60);

interface Profile {
  streams: number[];
  repetitions(streams: number): number;
  /** Seconds left out once every stream is being written (the first playlist, the backlog). */
  warmSeconds: number;
  measureSeconds: number;
}

const FULL: Profile = {
  streams: [1, 10, 50],
  // One 50-stream run per recorder keeps the whole suite well under 30 minutes (each takes ~1.5 min).
  repetitions: (n) => (n === 50 ? 1 : 2),
  warmSeconds: 4,
  measureSeconds: 20,
};
const QUICK: Profile = { streams: [1, 2], repetitions: () => 1, warmSeconds: 1, measureSeconds: 3 };

export interface CostRun {
  recorder: RecorderName;
  streams: number;
  repetition: number;
  cpu_seconds: number;
  stream_hours: number;
  cpu_s_per_stream_hour: number;
  /** CPU seconds per stream-hour by process name (replayd's own process vs its ffmpeg children). */
  cpu_by_process: Record<string, number>;
  peak_pss_mb: number;
  peak_rss_mb: number;
  bytes_written: number;
  recorded_segments: number;
  missed_segments: number;
  sim_cpu_percent: number;
  host_busy_percent: number;
  ended_by_itself: boolean;
}

export const recordingCost: Scenario = {
  id: "recording_cost",
  title: "1. Recording cost",
  async run(ctx) {
    const profile = ctx.quick ? QUICK : FULL;
    const sim = await startSimulator({ seed: 11 });
    const runs: CostRun[] = [];
    const failures: { recorder: RecorderName; streams: number; repetition: number; error: string }[] = [];
    try {
      await warmPool(sim);
      for (const streams of profile.streams) {
        const logins = Array.from({ length: streams }, (_, i) => `cost_${String(i).padStart(2, "0")}`);
        for (const login of logins) await sim.ensureUser(login);
        for (let rep = 0; rep < profile.repetitions(streams); rep++) {
          // Interleaved, the order rotating, so a slow patch of the machine does not land on one recorder.
          const order = RECORDERS.map((_, i) => RECORDERS[(i + rep) % RECORDERS.length] as RecorderName);
          for (const recorder of order) {
            ctx.log(`${streams} stream(s), repetition ${rep + 1}: ${recorder}`);
            try {
              runs.push(await runOnce(ctx, sim, recorder, logins, profile, rep));
            } catch (err) {
              // One failed run is reported, not the end of the scenario.
              ctx.log(`${recorder} × ${streams} failed: ${(err as Error).message}`);
              failures.push({ recorder, streams, repetition: rep, error: (err as Error).message });
              for (const login of logins) await sim.offline(login).catch(() => {});
            }
          }
        }
      }
    } finally {
      await sim.stop();
    }
    const summary = summarise(runs, profile);
    if (failures.length) {
      const main = summary.tables[0] as Table;
      main.note = `${main.note} Failed runs (left out): ${failures.map((f) => `${f.recorder} × ${f.streams} (${f.error})`).join("; ")}.`;
    }
    return { ...summary, raw: { runs, failures } };
  },
};

/** The 1080p60 6 Mbps media pool renders once (~10 s cold); not inside a measurement. */
async function warmPool(sim: SimProcess): Promise<void> {
  await sim.ensureUser("cost_warm");
  await sim.live("cost_warm", LIVE);
  const url = await until(
    "usher to list the warm-up stream",
    () => sim.mediaPlaylistUrl("cost_warm").catch(() => null),
    30_000,
    200,
  );
  const playlist = await (await fetch(url)).text();
  const segment = playlist.split("\n").find((l) => l.startsWith("http"));
  if (segment) await (await fetch(segment)).arrayBuffer();
  await sim.offline("cost_warm");
}

async function runOnce(
  ctx: BenchContext,
  sim: SimProcess,
  recorder: RecorderName,
  logins: string[],
  profile: Profile,
  repetition: number,
): Promise<CostRun> {
  const streamIds = await Promise.all(logins.map((login) => sim.live(login, LIVE)));
  // A first segment listed: usher answers from then on (replayd takes the whole window, the peers start
  // a few segments from the live edge, so all begin with the stream).
  await until(
    "a first segment on every stream",
    async () => {
      const sequences = await sim.sequences();
      return logins.every((l) => (sequences.get(l) ?? -1) >= 0);
    },
    30_000,
    100,
  );
  const targets = await Promise.all(
    logins.map(async (login) => ({ login, playlistUrl: await sim.mediaPlaylistUrl(login) })),
  );
  const workDir = join(ctx.workDir, `${recorder}-${logins.length}-${repetition}`);
  const running = startRecorder(recorder, targets, { binary: ctx.binary, simUrl: sim.url, workDir });
  const sampler = new TreeSampler(running.processes.map((p) => p.pid)).start();
  try {
    // Start-up left out: every stream being written (50 streamlinks take a while to start on 2 cores),
    // then a few seconds to settle.
    const writing = () =>
      logins.every((login) => running.filesOf(login).some((f) => existsSync(f) && statSync(f).size > 0));
    // A recorder that cannot start every stream in 90 s is measured as it is (its losses show as missed).
    await until("every stream being written", writing, 90_000, 200).catch(() => false);
    await Bun.sleep(profile.warmSeconds * 1000);
    const from = sampler.mark();
    const simFrom = processCpuSeconds(sim.pid);
    const hostFrom = hostBusy();
    await Bun.sleep(profile.measureSeconds * 1000);
    const to = sampler.mark();
    const simCpu = processCpuSeconds(sim.pid) - simFrom;
    const host = hostBusy(hostFrom);
    const wall = (to.at - from.at) / 1000;

    await Promise.all(logins.map((login) => sim.offline(login)));
    const ended = await Promise.all(running.processes.map((p) => exitOrStop(p, 30_000)));
    sampler.stop();

    let recorded = 0;
    let missed = 0;
    await mapLimit(logins, 2, async (login) => {
      const i = logins.indexOf(login);
      const labels: number[] = [];
      for (const file of running.filesOf(login)) labels.push(...(await keyframeLabels(file).catch(() => [])));
      const content = (await sim.ledger(login, streamIds[i] as string))
        .filter((s) => s.kind === "content")
        .map((s) => s.sequence);
      const check = checkSegments(labels, content, POOL_SIZE);
      recorded += check.recorded;
      missed += check.missed;
    });
    const peak = sampler.peak(from.at, to.at);
    const streamHours = (logins.length * wall) / 3600;
    return {
      recorder,
      streams: logins.length,
      repetition,
      cpu_seconds: round(to.cpuSeconds - from.cpuSeconds, 3),
      stream_hours: round(streamHours, 5),
      cpu_s_per_stream_hour: round((to.cpuSeconds - from.cpuSeconds) / streamHours, 2),
      cpu_by_process: Object.fromEntries(
        Object.entries(cpuByNameBetween(from, to)).map(([name, s]) => [name, round(s / streamHours, 2)]),
      ),
      peak_pss_mb: round(peak.pssMb, 1),
      peak_rss_mb: round(peak.rssMb, 1),
      bytes_written: bytesUnder(running.outputDir),
      recorded_segments: recorded,
      missed_segments: missed,
      sim_cpu_percent: round((simCpu / wall) * 100, 1),
      host_busy_percent: round(host, 1),
      ended_by_itself: ended.every(Boolean),
    };
  } finally {
    sampler.stop();
    for (const p of running.processes) p.kill("SIGKILL");
    rmSync(workDir, { recursive: true, force: true });
  }
}

function summarise(runs: CostRun[], profile: Profile) {
  const of = (recorder: RecorderName, streams: number) =>
    runs.filter((r) => r.recorder === recorder && r.streams === streams);
  const cpu = (recorder: RecorderName, streams: number) =>
    medianOf(of(recorder, streams), (r) => r.cpu_s_per_stream_hour);
  const pss = (recorder: RecorderName, streams: number) =>
    medianOf(of(recorder, streams), (r) => r.peak_pss_mb);
  const rss = (recorder: RecorderName, streams: number) =>
    medianOf(of(recorder, streams), (r) => r.peak_rss_mb);
  const main: Table = {
    title: "CPU, memory, bytes and missed segments (medians over repetitions)",
    columns: [
      "streams",
      "recorder",
      "CPU s / stream-hour",
      "× ffmpeg",
      "× streamlink",
      "peak PSS MB (tree)",
      "peak RSS MB (tree)",
      "MB written / stream",
      "missed segments (all runs)",
      "simulator CPU %",
      "host busy %",
      "runs",
    ],
    rows: profile.streams.flatMap((n) =>
      RECORDERS.map((recorder) => {
        const mine = of(recorder, n);
        return [
          n,
          recorder,
          round(cpu(recorder, n), 1),
          ratio(cpu(recorder, n), cpu("ffmpeg", n)),
          ratio(cpu(recorder, n), cpu("streamlink", n)),
          round(pss(recorder, n), 1),
          round(rss(recorder, n), 1),
          round(median(mine.map((r) => r.bytes_written / r.streams / 2 ** 20)), 1),
          mine.reduce((s, r) => s + r.missed_segments, 0),
          round(
            medianOf(mine, (r) => r.sim_cpu_percent),
            1,
          ),
          round(
            medianOf(mine, (r) => r.host_busy_percent),
            1,
          ),
          mine.length,
        ];
      }),
    ),
    note:
      "CPU: user + system time of every process of the recorder's tree (replayd with its ffmpeg children; one ffmpeg or streamlink per stream) over the measured window, divided by stream-hours recorded in it. " +
      "Memory: PSS and RSS summed over the tree, sampled every second. Missed: content segments of the simulator's ledger, from the file's first segment to the end of the stream, absent from the file (read from the bar code burnt into each keyframe). " +
      "Simulator CPU is a share of one core (it runs in its own process); host busy is the share of all cores in use during the window, everything included. " +
      "Linux counts CPU in 10 ms ticks: one tick is 36 s ÷ (streams × measured seconds) per stream-hour, so the one-stream figures are coarse; the larger counts are the precise ones.",
  };
  const low = profile.streams[0] as number;
  const high = profile.streams.at(-1) as number;
  const perExtra = (recorder: RecorderName, pick: typeof pss) =>
    high > low ? (pick(recorder, high) - pick(recorder, low)) / (high - low) : Number.NaN;
  const memory: Table = {
    title: `Memory per extra recording (from ${low} to ${high} streams)`,
    columns: ["recorder", "PSS MB per extra stream", "RSS MB per extra stream"],
    rows: RECORDERS.map((r) => [r, round(perExtra(r, pss), 1), round(perExtra(r, rss), 1)]),
  };
  const names = [
    ...new Set(runs.filter((r) => r.recorder === "replayd").flatMap((r) => Object.keys(r.cpu_by_process))),
  ];
  const split: Table = {
    title: "Where replayd's CPU goes (CPU s per stream-hour, medians)",
    columns: ["streams", ...names],
    rows: profile.streams.map((n) => [
      n,
      ...names.map((name) =>
        round(
          medianOf(of("replayd", n), (r) => r.cpu_by_process[name] ?? 0),
          1,
        ),
      ),
    ]),
    note: "By process name: replayd's own process (Bun: playlists, segment fetches, scratch files, the part file) and the ffmpeg it runs per part (remuxing to fragmented MP4).",
  };
  const targets: TargetCheck[] = [];
  for (const n of profile.streams) {
    const vsFfmpeg = ratio(cpu("replayd", n), cpu("ffmpeg", n));
    const vsStreamlink = ratio(cpu("replayd", n), cpu("streamlink", n));
    targets.push({
      target: `CPU per stream-hour no more than ffmpeg's (${n} stream${n > 1 ? "s" : ""})`,
      measured: `${round(cpu("replayd", n), 1)} s vs ${round(cpu("ffmpeg", n), 1)} s (×${vsFfmpeg === null ? "–" : round(vsFfmpeg, 2)})`,
      met: vsFfmpeg === null ? null : vsFfmpeg <= 1,
    });
    targets.push({
      target: `CPU per stream-hour under 0.3× streamlink's (${n} stream${n > 1 ? "s" : ""})`,
      measured: `${round(cpu("replayd", n), 1)} s vs ${round(cpu("streamlink", n), 1)} s (×${vsStreamlink === null ? "–" : round(vsStreamlink, 2)})`,
      met: vsStreamlink === null ? null : vsStreamlink < 0.3,
    });
  }
  const extra = perExtra("replayd", pss);
  targets.push({
    target: "memory under 20 MB (PSS) per extra recording",
    measured: Number.isFinite(extra) ? `${round(extra, 1)} MB` : "one stream count only",
    met: Number.isFinite(extra) ? extra < 20 : null,
  });
  const atHigh = of("replayd", high);
  const missedAtHigh = atHigh.reduce((s, r) => s + r.missed_segments, 0);
  targets.push({
    target: `50 concurrent 6 Mbps recordings without a missed segment${high === 50 ? "" : ` (measured at ${high})`}`,
    measured: `${missedAtHigh} missed in ${atHigh.length} run(s), ${atHigh.reduce((s, r) => s + r.recorded_segments, 0)} recorded`,
    met: atHigh.length ? missedAtHigh === 0 : null,
  });
  return {
    setup:
      `${profile.streams.join(", ")} concurrent simulated streams (1080p60 H.264, 6 Mbps CBR, 2 s segments, real time), each recorder on fresh streams, ` +
      `interleaved with the order rotating; ${profile.streams.map((n) => `${profile.repetitions(n)}×`).join("/")} repetitions; ` +
      `start-up left out (until every stream is being written, then ${profile.warmSeconds} s), then ${profile.measureSeconds} s measured; the streams then end (ENDLIST) and every recorder finishes its files. ` +
      "replayd is the compiled binary running `replayd record`; ffmpeg is `ffmpeg -i <media playlist> -c copy -f mpegts`; streamlink is `streamlink hls://<media playlist> best -o file`.",
    tables: [main, memory, split],
    targets,
    raw: runs,
  };
}
