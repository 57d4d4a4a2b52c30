// The recording-cost scenario's runs as tables and as the Recorder v2 targets (medians over repetitions,
// ratios taken between recorders of the same run).
import { HOST_LOAD_DESCRIPTION } from "./host-load.ts";
import { type ProfiledRun, profileTable } from "./recorder-profile.ts";
import { RECORDERS, type RecorderName } from "./recorders.ts";
import type { Table, TargetCheck } from "./results.ts";
import { median, medianOf, ratio, round } from "./stats.ts";

export interface CostProfile {
  streams: number[];
  repetitions(streams: number): number;
  /** Seconds left out once every stream is being written (the first playlist, the backlog). */
  warmSeconds: number;
  measureSeconds: number;
  /** The recorders run again at the highest stream count with the host loaded (scripts/bench/host-load.ts). */
  busyRecorders: RecorderName[];
  /** Streams of the run under the CPU profiler (recorder-profile.ts). */
  profileStreams: number;
}

export interface CostRun {
  recorder: RecorderName;
  streams: number;
  repetition: number;
  /** Run with the host loaded by the burners of host-load.ts. */
  busy_host: boolean;
  cpu_seconds: number;
  stream_hours: number;
  cpu_s_per_stream_hour: number;
  /** CPU seconds per stream-hour by process name (replayd's own process vs any children). */
  cpu_by_process: Record<string, number>;
  peak_pss_mb: number;
  peak_rss_mb: number;
  bytes_written: number;
  recorded_segments: number;
  missed_segments: number;
  sim_cpu_percent: number;
  host_busy_percent: number;
  /** The burners' CPU over the window, as a share of all cores (null on a quiet host). */
  load_cpu_percent: number | null;
  ended_by_itself: boolean;
}

const SOURCE = "Recorder v2";
/** Recorder v2's ceilings: replayd's CPU as a share of each peer's, and PSS per extra recording. */
const MAX_VS_FFMPEG = 0.6;
const MAX_VS_STREAMLINK = 0.3;
const MAX_PSS_PER_EXTRA_MB = 8;

export function summarise(all: CostRun[], profile: CostProfile, profiled: ProfiledRun | null) {
  const runs = all.filter((r) => !r.busy_host);
  const busy = all.filter((r) => r.busy_host);
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
      "CPU: user + system time of every process of the recorder's tree (replayd's process and any children it runs; one ffmpeg or streamlink per stream) over the measured window, divided by stream-hours recorded in it. " +
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
  const tables = [
    main,
    memory,
    busyTable(busy, high),
    cpuSplit(runs, profile),
    ...(profiled ? [profileTable(profiled)] : []),
  ];
  const targets: TargetCheck[] = [];
  for (const n of profile.streams.filter((count) => count > 1)) {
    const label = `(${n} streams)`;
    const vsFfmpeg = ratio(cpu("replayd", n), cpu("ffmpeg", n));
    const vsStreamlink = ratio(cpu("replayd", n), cpu("streamlink", n));
    const measured = (peer: RecorderName, r: number | null) =>
      `${round(cpu("replayd", n), 1)} s vs ${round(cpu(peer, n), 1)} s (×${r === null ? "–" : round(r, 2)})`;
    targets.push({
      target: `total recording CPU (replayd and its children) per stream-hour at most ${MAX_VS_FFMPEG}× ffmpeg's ${label}`,
      source: SOURCE,
      measured: measured("ffmpeg", vsFfmpeg),
      met: vsFfmpeg === null ? null : vsFfmpeg <= MAX_VS_FFMPEG,
    });
    targets.push({
      target: `total recording CPU per stream-hour at most ${MAX_VS_STREAMLINK}× streamlink's ${label}`,
      source: SOURCE,
      measured: measured("streamlink", vsStreamlink),
      met: vsStreamlink === null ? null : vsStreamlink <= MAX_VS_STREAMLINK,
    });
  }
  const extra = perExtra("replayd", pss);
  targets.push({
    target: `at most ${MAX_PSS_PER_EXTRA_MB} MB PSS per extra recording (${low} → ${high} streams)`,
    source: SOURCE,
    measured: Number.isFinite(extra) ? `${round(extra, 1)} MB` : "one stream count only",
    met: Number.isFinite(extra) ? extra <= MAX_PSS_PER_EXTRA_MB : null,
  });
  const at = high === 50 ? "" : ` (measured at ${high})`;
  targets.push(
    missedTarget(`50 concurrent 6 Mbps recordings with 0 missed segments${at}`, of("replayd", high)),
  );
  const busyReplayd = busy.filter((r) => r.recorder === "replayd");
  const busyHost = medianOf(busyReplayd, (r) => r.host_busy_percent);
  const busyFfmpeg = busy.filter((r) => r.recorder === "ffmpeg");
  const check = missedTarget(`the same with the host busy (every core loaded at nice 19)${at}`, busyReplayd);
  check.measured += `, host ${round(busyHost, 0)}% busy${busyFfmpeg.length ? `; ffmpeg ${busyFfmpeg.reduce((s, r) => s + r.missed_segments, 0)} missed` : ""}`;
  targets.push(check);
  return { tables, targets };
}

function missedTarget(target: string, runs: CostRun[]): TargetCheck {
  const missed = runs.reduce((s, r) => s + r.missed_segments, 0);
  return {
    target,
    source: SOURCE,
    measured: `${missed} missed in ${runs.length} run(s), ${runs.reduce((s, r) => s + r.recorded_segments, 0)} recorded`,
    met: runs.length ? missed === 0 : null,
  };
}

function busyTable(busy: CostRun[], streams: number): Table {
  const recorders = RECORDERS.filter((r) => busy.some((b) => b.recorder === r));
  const cpu = (recorder: RecorderName) =>
    medianOf(
      busy.filter((r) => r.recorder === recorder),
      (r) => r.cpu_s_per_stream_hour,
    );
  return {
    title: `Busy host (${streams} streams, every core loaded)`,
    columns: [
      "recorder",
      "CPU s / stream-hour",
      "× ffmpeg",
      "peak PSS MB (tree)",
      "missed segments",
      "recorded segments",
      "load generator CPU % (all cores)",
      "host busy %",
      "runs",
    ],
    rows: recorders.map((recorder) => {
      const mine = busy.filter((r) => r.recorder === recorder);
      return [
        recorder,
        round(cpu(recorder), 1),
        ratio(cpu(recorder), cpu("ffmpeg")),
        round(
          medianOf(mine, (r) => r.peak_pss_mb),
          1,
        ),
        mine.reduce((s, r) => s + r.missed_segments, 0),
        mine.reduce((s, r) => s + r.recorded_segments, 0),
        round(
          medianOf(mine, (r) => r.load_cpu_percent ?? Number.NaN),
          1,
        ),
        round(
          medianOf(mine, (r) => r.host_busy_percent),
          1,
        ),
        mine.length,
      ];
    }),
    note: `The host is loaded by ${HOST_LOAD_DESCRIPTION}; the recorder runs at normal priority, so it is served first, but shares caches, memory bandwidth and the scheduler's time slices with the load. Host busy % is everything on the machine during the measured window; the load generator's share is its own CPU over the same window.`,
  };
}

const CHILD_ROLES: Record<string, string> = {
  ffmpeg: "remuxing each part to fragmented MP4, and thumbnails",
  ffprobe: "checking a finished part",
};

/** CPU by process name: replayd's own process, and its children when it has any. */
function cpuSplit(runs: CostRun[], profile: CostProfile): Table {
  const replayd = runs.filter((r) => r.recorder === "replayd");
  const names = [...new Set(replayd.flatMap((r) => Object.keys(r.cpu_by_process)))];
  const children = names.filter((n) => n !== "replayd");
  return {
    title: "Where replayd's CPU goes (CPU s per stream-hour, medians)",
    columns: ["streams", ...names],
    rows: profile.streams.map((n) => [
      n,
      ...names.map((name) =>
        round(
          medianOf(
            replayd.filter((r) => r.streams === n),
            (r) => r.cpu_by_process[name] ?? 0,
          ),
          1,
        ),
      ),
    ]),
    note: children.length
      ? `By process name: replayd's own process (Bun: playlists, segment fetches, scratch files, the part file) and the processes it runs (${children.map((c) => `${c}${CHILD_ROLES[c] ? `: ${CHILD_ROLES[c]}` : ""}`).join("; ")}).`
      : "By process name: replayd ran no child process (the remux runs inside it), so all of its CPU is its own process's; the profile below says where inside it goes.",
  };
}
