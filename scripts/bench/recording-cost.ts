// Scenario 1: what recording N concurrent 6 Mbps 1080p60 streams costs with replayd, ffmpeg and
// streamlink, interleaved (each repetition runs the three in turn, the order rotating), on fresh streams
// of the simulator running in its own process.
import { existsSync, rmSync, statSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { hostBusy } from "./host.ts";
import { HOST_LOAD_DESCRIPTION, startHostLoad } from "./host-load.ts";
import { cpuByNameBetween, processCpuSeconds, TreeSampler } from "./proc.ts";
import { type ProfiledRun, profiledRun } from "./recorder-profile.ts";
import { RECORDERS, type RecorderName, startRecorder } from "./recorders.ts";
import { type CostProfile, type CostRun, summarise } from "./recording-cost-summary.ts";
import type { Table } from "./results.ts";
import type { BenchContext, Scenario } from "./scenario.ts";
import { checkSegments, contentPoolSize, keyframeLabels } from "./segments.ts";
import { type SimProcess, startSimulator } from "./sim-process.ts";
import { round } from "./stats.ts";
import { bytesUnder, exitOrStop, mapLimit, until } from "./util.ts";

const LIVE = { ladder: ["1080p60"], bitrate_kbps: 6000, segment_seconds: 2 };
const POOL_SIZE = contentPoolSize(LIVE.segment_seconds, 60);

const FULL: CostProfile = {
  streams: [1, 10, 50],
  // One 50-stream run per recorder keeps the whole suite well under 30 minutes (each takes ~1.5 min).
  repetitions: (n) => (n === 50 ? 1 : 2),
  warmSeconds: 4,
  measureSeconds: 20,
  // streamlink is left out of the busy runs: the targets compare with ffmpeg, and 50 of it take long to start.
  busyRecorders: ["replayd", "ffmpeg"],
  profileStreams: 10,
};
const QUICK: CostProfile = {
  streams: [1, 2],
  repetitions: () => 1,
  warmSeconds: 1,
  measureSeconds: 3,
  busyRecorders: ["replayd", "ffmpeg"],
  profileStreams: 2,
};

export const recordingCost: Scenario = {
  id: "recording_cost",
  title: "1. Recording cost",
  async run(ctx) {
    const profile = ctx.quick ? QUICK : FULL;
    const sim = await startSimulator({ seed: 11 });
    const runs: CostRun[] = [];
    let profiled: ProfiledRun | null = null;
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
      // The same, highest count again with every core loaded (after the quiet runs, so they stay quiet).
      const streams = profile.streams.at(-1) as number;
      const logins = Array.from({ length: streams }, (_, i) => `cost_${String(i).padStart(2, "0")}`);
      for (const recorder of profile.busyRecorders) {
        ctx.log(`${streams} stream(s), busy host: ${recorder}`);
        try {
          runs.push(await runOnce(ctx, sim, recorder, logins, profile, 0, true));
        } catch (err) {
          ctx.log(`${recorder} × ${streams} on a busy host failed: ${(err as Error).message}`);
          failures.push({ recorder, streams, repetition: 0, error: `busy host: ${(err as Error).message}` });
          for (const login of logins) await sim.offline(login).catch(() => {});
        }
      }
      // Where the CPU goes inside replayd: once more from source under the CPU profiler.
      const profiledLogins = logins.slice(0, profile.profileStreams);
      ctx.log(`${profiledLogins.length} stream(s), replayd under --cpu-prof`);
      profiled = await profiledRun(ctx, sim, profiledLogins, LIVE, profile.measureSeconds).catch(
        (err: Error) => {
          ctx.log(`the profiled run failed: ${err.message}`);
          for (const login of profiledLogins) void sim.offline(login).catch(() => {});
          return null;
        },
      );
    } finally {
      await sim.stop();
    }
    const summary = { ...summarise(runs, profile, profiled), setup: setup(profile) };
    if (failures.length) {
      const main = summary.tables[0] as Table;
      main.note = `${main.note} Failed runs (left out): ${failures.map((f) => `${f.recorder} × ${f.streams} (${f.error})`).join("; ")}.`;
    }
    return { ...summary, raw: { runs, failures, profiled } };
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
  profile: CostProfile,
  repetition: number,
  busyHost = false,
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
  const workDir = join(ctx.workDir, `${recorder}-${logins.length}-${repetition}${busyHost ? "-busy" : ""}`);
  // The load runs from before the recorder starts until after it has finished its files.
  const load = busyHost ? await startHostLoad() : null;
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
    const loadFrom = load?.cpuSeconds() ?? 0;
    await Bun.sleep(profile.measureSeconds * 1000);
    const to = sampler.mark();
    const loadCpu = (load?.cpuSeconds() ?? 0) - loadFrom;
    const simCpu = processCpuSeconds(sim.pid) - simFrom;
    const host = hostBusy(hostFrom);
    const wall = (to.at - from.at) / 1000;

    await Promise.all(logins.map((login) => sim.offline(login)));
    const ended = await Promise.all(running.processes.map((p) => exitOrStop(p, 30_000)));
    sampler.stop();
    await load?.stop();

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
      busy_host: busyHost,
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
      load_cpu_percent: load ? round((loadCpu / wall / cpus().length) * 100, 1) : null,
      ended_by_itself: ended.every(Boolean),
    };
  } finally {
    sampler.stop();
    await load?.stop();
    for (const p of running.processes) p.kill("SIGKILL");
    rmSync(workDir, { recursive: true, force: true });
  }
}

function setup(profile: CostProfile): string {
  return (
    `${profile.streams.join(", ")} concurrent simulated streams (1080p60 H.264, 6 Mbps CBR, 2 s segments, real time), each recorder on fresh streams, ` +
    `interleaved with the order rotating; ${profile.streams.map((n) => `${profile.repetitions(n)}×`).join("/")} repetitions; ` +
    `start-up left out (until every stream is being written, then ${profile.warmSeconds} s), then ${profile.measureSeconds} s measured; the streams then end (ENDLIST) and every recorder finishes its files. ` +
    `Then ${profile.busyRecorders.join(" and ")} once more at ${profile.streams.at(-1)} streams on a busy host: ${HOST_LOAD_DESCRIPTION}. ` +
    "replayd is the compiled binary running `replayd record`; ffmpeg is `ffmpeg -i <media playlist> -c copy -f mpegts`; streamlink is `streamlink hls://<media playlist> best -o file`."
  );
}
