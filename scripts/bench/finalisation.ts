// Scenario 3: stream end → playable file, for recordings of 10 minutes, 1 hour and 4 hours (the simulator's
// clock warped so they fit the time budget), with the recorder's memory and extra disk sampled all along.
// `longRecording` is also scripts/bench-long-recording.ts (one long recording, on its own).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { probe } from "../../src/media/ffprobe.ts";
import { record } from "../../tests/support/recorder.ts";
import type { Table } from "./results.ts";
import type { Scenario } from "./scenario.ts";
import { startSimulator } from "./sim-process.ts";
import { median, round } from "./stats.ts";
import { bytesUnder, until } from "./util.ts";

export interface LongRecordingOptions {
  hours: number;
  warp: number;
  kbps: number;
  segmentSeconds: number;
  /** Where the recording goes (a temporary folder, deleted after, by default). */
  workDir?: string;
  keepFiles?: boolean;
}

export interface LongRecordingSample {
  stream_minutes: number;
  rss_mb: number;
  ffmpeg_rss_mb: number;
  scratch_mb: number;
  file_mb: number;
}

export interface LongRecordingResult {
  hours: number;
  warp: number;
  kbps: number;
  outcome: string;
  video_seconds: number;
  video_mb: number;
  playable_after_end_ms: number;
  recorder_peak_rss_mb_first_10min: number;
  recorder_peak_rss_mb_last_10min: number;
  rss_growth_percent: number;
  recorder_peak_rss_mb_overall: number;
  peak_scratch_mb: number;
  peak_extra_disk_percent_of_video: number;
  gaps: number;
}

/**
 * Records one time-warped stream of `hours` with the recorder in this process (the simulator in its own),
 * sampling memory (this process + its ffmpeg) and scratch disk every half second; then ends the stream and
 * times how long until the part is finished (playable, its index written).
 */
export async function longRecording(
  options: LongRecordingOptions,
): Promise<{ result: LongRecordingResult; samples: LongRecordingSample[] }> {
  const sim = await startSimulator({ warp: options.warp, seed: 4 });
  const work = options.workDir ?? mkdtempSync(join(tmpdir(), "replayd-long-"));
  try {
    const login = "final_rec";
    await sim.ensureUser(login);
    await sim.live(login, {
      segment_seconds: options.segmentSeconds,
      ladder: ["720p30"],
      bitrate_kbps: options.kbps,
      // Twitch keeps ~30 s of segments listed; under the warp, as many real seconds need a longer list.
      window_segments: Math.min(600, Math.ceil((30 * options.warp) / options.segmentSeconds)),
    });
    const liveAt = await sim.now();
    const run = record(sim.url, login, {
      root: work,
      settings: { maxRestartGapSeconds: 0, rejoinPollSeconds: 0.2 },
    });
    const samples: LongRecordingSample[] = [];
    const endAt = liveAt + options.hours * 3600_000;
    for (;;) {
      const now = await sim.now();
      samples.push({
        stream_minutes: (now - liveAt) / 60_000,
        rss_mb: process.memoryUsage().rss / 2 ** 20,
        ffmpeg_rss_mb: childFfmpegRssMb(),
        scratch_mb: bytesUnder(join(work, "scratch")) / 2 ** 20,
        file_mb: bytesUnder(join(work, "storage")) / 2 ** 20,
      });
      if (now >= endAt) break;
      // A sampling period, not a synchronisation: the stream runs on its own clock meanwhile.
      await Bun.sleep(500);
    }
    const offlineAt = performance.now();
    await sim.offline(login);
    await until("the part to be finished", () => run.journal.finished.length > 0, 120_000, 5);
    const playableAfterMs = performance.now() - offlineAt;
    const outcome = await run.done;

    const part = run.journal.finished[0]?.part;
    const file = join(run.storageRoot, part?.key ?? "");
    const info = await probe(file);
    // Memory is a sawtooth (garbage collection): compare the peak of the first ten stream minutes with
    // the peak of the last ten.
    const hours = options.hours;
    const firstTen = samples.filter((s) => s.stream_minutes <= 10);
    const lastTen = samples.filter((s) => s.stream_minutes >= hours * 60 - 10);
    const recorderPeak = (list: LongRecordingSample[]) =>
      Math.max(...list.map((s) => s.rss_mb + s.ffmpeg_rss_mb));
    const peakScratch = Math.max(...samples.map((s) => s.scratch_mb));
    const videoMb = statSync(file).size / 2 ** 20;
    return {
      result: {
        hours,
        warp: options.warp,
        kbps: options.kbps,
        outcome: outcome.kind,
        video_seconds: round(info.durationSeconds, 1),
        video_mb: round(videoMb, 1),
        playable_after_end_ms: Math.round(playableAfterMs),
        recorder_peak_rss_mb_first_10min: round(recorderPeak(firstTen), 1),
        recorder_peak_rss_mb_last_10min: round(recorderPeak(lastTen), 1),
        rss_growth_percent: round((recorderPeak(lastTen) / recorderPeak(firstTen) - 1) * 100, 1),
        recorder_peak_rss_mb_overall: round(recorderPeak(samples), 1),
        peak_scratch_mb: round(peakScratch, 1),
        peak_extra_disk_percent_of_video: round((peakScratch / videoMb) * 100, 2),
        gaps: outcome.state.gaps.length,
      },
      samples,
    };
  } finally {
    await sim.stop();
    if (!options.keepFiles) rmSync(work, { recursive: true, force: true });
  }
}

/** RSS of the ffmpeg processes whose parent is this one. */
function childFfmpegRssMb(): number {
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

interface Length {
  label: string;
  hours: number;
  warp: number;
  repetitions: number;
}
const KBPS = 1500;
/** "Memory flat": the last ten minutes' peak RSS at most the first ten's × factor + slack. */
const FLAT = { factor: 1.1, slackMb: 10 };
const FULL: Length[] = [
  { label: "10 min", hours: 10 / 60, warp: 40, repetitions: 3 },
  { label: "1 h", hours: 1, warp: 90, repetitions: 1 },
  { label: "4 h", hours: 4, warp: 100, repetitions: 1 },
];
const QUICK: Length[] = [
  { label: "10 min", hours: 10 / 60, warp: 60, repetitions: 1 },
  { label: "30 min", hours: 0.5, warp: 120, repetitions: 1 },
];

export const finalisation: Scenario = {
  id: "finalisation",
  title: "3. Finalisation",
  async run(ctx) {
    const lengths = ctx.quick ? QUICK : FULL;
    const runs: (LongRecordingResult & { label: string })[] = [];
    for (const length of lengths) {
      for (let rep = 0; rep < length.repetitions; rep++) {
        ctx.log(`${length.label} at warp ${length.warp}, repetition ${rep + 1}`);
        const { result } = await longRecording({
          hours: length.hours,
          warp: length.warp,
          kbps: KBPS,
          segmentSeconds: 2,
          workDir: mkdtempSync(join(ctx.workDir, "rec-")),
        });
        runs.push({ label: length.label, ...result });
      }
    }
    const of = (label: string) => runs.filter((r) => r.label === label);
    const table: Table = {
      title: "Stream end → playable file (medians)",
      columns: [
        "recording",
        "end → playable ms",
        "video MB",
        "peak extra disk MB",
        "extra disk % of video",
        "recorder peak RSS MB (first 10 min → last 10 min)",
        "gaps",
        "runs",
      ],
      rows: lengths.map((l) => {
        const r = of(l.label);
        const m = (pick: (x: LongRecordingResult) => number) => round(median(r.map(pick)), 1);
        return [
          l.label,
          m((x) => x.playable_after_end_ms),
          m((x) => x.video_mb),
          m((x) => x.peak_scratch_mb),
          m((x) => x.peak_extra_disk_percent_of_video),
          `${m((x) => x.recorder_peak_rss_mb_first_10min)} → ${m((x) => x.recorder_peak_rss_mb_last_10min)}`,
          r.reduce((s, x) => s + x.gaps, 0),
          r.length,
        ];
      }),
      note:
        "Recorder RSS: this process (where the recorder runs) and its ffmpeg children, if any, sampled every half second; flat means the last ten minutes' peak is at most the first ten's × 1.1 + 10 MB. " +
        "Playable: the part finished (fragments flushed, the mfra index appended, durations patched, checked with ffprobe). " +
        "Extra disk: the scratch folder (the fed log and stills; segments are written only into the part file) at its largest. ffmpeg and streamlink write MPEG-TS here, which is playable as it grows, so they have no finishing step to compare.",
    };
    const longest = lengths.at(-1) as Length;
    const longestMs = median(of(longest.label).map((r) => r.playable_after_end_ms));
    const first = median(of(longest.label).map((r) => r.recorder_peak_rss_mb_first_10min));
    const last = median(of(longest.label).map((r) => r.recorder_peak_rss_mb_last_10min));
    const measuredAt = longest.hours === 4 ? "" : ` (measured: ${longest.label})`;
    return {
      setup: `One stream per recording (720p30, ${KBPS} kbit/s, 2 s segments) from a simulator whose clock runs faster (${lengths.map((l) => `${l.label} at ×${l.warp}`).join(", ")}); the recorder runs in the benchmark's process and its files are on local disk.`,
      tables: [table],
      targets: [
        {
          target: `stream end to playable video under 5 s for a 4-hour recording${measuredAt}`,
          source: "product.md, Recorder v2",
          measured: `${Math.round(longestMs)} ms`,
          met: Number.isFinite(longestMs) ? longestMs < 5000 : null,
        },
        {
          // Flat: the peak of the last ten minutes within 10% (+10 MB for the collector's sawtooth) of the first ten's.
          target: `recorder memory flat over a 4-hour recording: peak RSS of the last 10 min at most the first 10 min's × ${FLAT.factor} + ${FLAT.slackMb} MB${measuredAt}`,
          source: "Recorder v2",
          measured: `${round(first, 1)} MB → ${round(last, 1)} MB (limit ${round(first * FLAT.factor + FLAT.slackMb, 1)} MB)`,
          met:
            Number.isFinite(first) && Number.isFinite(last)
              ? last <= first * FLAT.factor + FLAT.slackMb
              : null,
        },
      ],
      raw: runs,
    };
  },
};
