// Scenario 6: which TS → fragmented-MP4 remuxer the recorder should run in place of its ffmpeg per part:
// our own (src/media/ts), mux.js, or ffmpeg -c copy (a child per run, for scale), on the same segments.
// The in-process ones run in a process of their own each (scripts/bench/remux-worker.ts).
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { checkMedia } from "./media-checks.ts";
import { IN_PROCESS } from "./remux-impls.ts";
import { INPUT, readSegments, remuxInput } from "./remux-input.ts";
import type { WorkerResult } from "./remux-worker.ts";
import { type CodeSize, type RemuxFigures, remuxSummary } from "./remuxer-summary.ts";
import type { BenchContext, Scenario } from "./scenario.ts";
import { median } from "./stats.ts";
import { bytesUnder } from "./util.ts";

const root = join(import.meta.dir, "..", "..");
/** Runs (each measured on its own; the median is reported) and passes over the segments per run. */
const FULL = { runs: 7, passes: 3, ffmpegRuns: 7 };
const QUICK = { runs: 3, passes: 1, ffmpegRuns: 3 };

export const remuxer: Scenario = {
  id: "remuxer",
  title: "6. Remuxer choice",
  async run(ctx) {
    const profile = ctx.quick ? QUICK : FULL;
    const input = await remuxInput(ctx.log);
    const whole = join(ctx.workDir, "input.ts");
    // TS segments of one stream laid end to end are one valid TS: ffmpeg's input and the reference.
    writeFileSync(whole, Buffer.concat(readSegments(input.files)));
    const reference = await checkMedia(whole, { decode: false });
    // Media seconds: what the video covers (the audio runs a few ms longer).
    const mediaSeconds = reference.streams.video?.span ?? Number.NaN;
    const inputBytes = statSync(whole).size;
    const figures: RemuxFigures[] = [];
    for (const name of IN_PROCESS) {
      ctx.log(
        `${name}: ${profile.runs} runs of ${profile.passes} pass(es) over ${input.files.length} segments`,
      );
      figures.push(await inProcess(ctx, name, input.files, mediaSeconds, profile));
    }
    ctx.log(`ffmpeg -c copy: ${profile.ffmpegRuns} runs`);
    figures.push(await ffmpegCopy(ctx, whole, inputBytes, mediaSeconds, profile.ffmpegRuns));
    return {
      ...remuxSummary(figures, reference),
      setup:
        `${INPUT.seconds} s of 1080p60 H.264 (6 Mbps CBR, x264 veryfast, GOP ${INPUT.fps * INPUT.segmentSeconds}, 2 B-frames) + AAC 160 kbit/s, ` +
        `cut in ${input.files.length} ${INPUT.segmentSeconds} s MPEG-TS segments by ffmpeg's HLS muxer (rendered once, cached in .tmp/bench-cache). ` +
        `Each in-process remuxer runs in a Bun process of its own: one warm-up pass, then ${profile.runs} runs of ${profile.passes} pass(es) over every segment, ` +
        `segment by segment as a recorder would feed them (replayd: demuxTs, tsInit once, tsFragment per segment; mux.js: mp4.Transmuxer with keepOriginalTimestamps, push + flush per segment). ` +
        `ffmpeg: one \`ffmpeg -c copy -movflags +frag_keyframe+empty_moov+delay_moov+default_base_moof\` per run over the segments laid end to end (what the recorder ran per part before its own remuxer), ${profile.ffmpegRuns} runs.`,
      raw: { figures, reference, input: { files: input.files.length, bytes: inputBytes } },
    };
  },
};

async function inProcess(
  ctx: BenchContext,
  name: (typeof IN_PROCESS)[number],
  files: string[],
  inputSeconds: number,
  profile: typeof FULL,
): Promise<RemuxFigures> {
  const out = join(ctx.workDir, `${name.replace(/\W/g, "")}.mp4`);
  const proc = Bun.spawn(
    [
      process.execPath,
      join(import.meta.dir, "remux-worker.ts"),
      name,
      String(profile.runs),
      String(profile.passes),
      out,
      ...files,
    ],
    { cwd: root, stdin: "ignore", stdout: "pipe", stderr: "pipe" },
  );
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0)
    return { name, available: false, reason: `crashed (${code}): ${stderr.trim().slice(-300)}` };
  const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as WorkerResult;
  if (!result.available) return { name, available: false, reason: result.reason };
  const mediaSeconds = inputSeconds * result.passes;
  const code_ = name === "replayd" ? ourCode() : muxJsCode(result.loaded_dependency_lines);
  return {
    name,
    available: true,
    cpu_ms_per_media_s: median(result.runs.map((r) => r.cpu_ms / mediaSeconds)),
    mb_per_s: median(
      result.runs.map((r) => (result.input_bytes * result.passes) / 2 ** 20 / (r.wall_ms / 1000)),
    ),
    heap_growth_mb: result.heap_mb_after - result.heap_mb_before,
    rss_growth_mb: result.rss_mb_after - result.rss_mb_before,
    peak_rss_mb: result.peak_rss_mb,
    output_mb: result.output_bytes / 2 ** 20,
    check: await checkMedia(out),
    ...code_,
  };
}

async function ffmpegCopy(
  ctx: BenchContext,
  whole: string,
  inputBytes: number,
  mediaSeconds: number,
  runs: number,
): Promise<RemuxFigures> {
  const out = join(ctx.workDir, "ffmpeg.mp4");
  const measured: { cpu_ms: number; wall_ms: number; max_rss_mb: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const at = performance.now();
    const proc = Bun.spawn(
      [
        ...["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-f", "mpegts", "-i", whole],
        ...["-map", "0:v?", "-map", "0:a?", "-c", "copy", "-bsf:a", "aac_adtstoasc", "-f", "mp4"],
        ...["-movflags", "+frag_keyframe+empty_moov+delay_moov+default_base_moof", "-y", out],
      ],
      { stdin: "ignore", stdout: "ignore", stderr: "pipe" },
    );
    // Its peak RSS: VmHWM read until it exits (rusage's maxrss, Bun's or ffmpeg's own, also counts the
    // pages the child shared with this process before exec).
    let hwmKb = 0;
    const watch = setInterval(() => {
      hwmKb = Math.max(hwmKb, peakRssKb(proc.pid));
    }, 5);
    const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
    clearInterval(watch);
    if (code !== 0) return { name: "ffmpeg -c copy", available: false, reason: stderr.trim().slice(-300) };
    const usage = proc.resourceUsage();
    measured.push({
      cpu_ms: Number(usage?.cpuTime.total ?? 0) / 1000,
      wall_ms: performance.now() - at,
      max_rss_mb: hwmKb / 1024,
    });
  }
  return {
    name: "ffmpeg -c copy",
    available: true,
    cpu_ms_per_media_s: median(measured.map((m) => m.cpu_ms / mediaSeconds)),
    mb_per_s: median(measured.map((m) => inputBytes / 2 ** 20 / (m.wall_ms / 1000))),
    heap_growth_mb: null,
    rss_growth_mb: null,
    peak_rss_mb: median(measured.map((m) => m.max_rss_mb)),
    output_mb: statSync(out).size / 2 ** 20,
    check: await checkMedia(out),
    code_lines: null,
    dependency_mb: null,
    dependency_note: "the system's ffmpeg (a child process per part)",
  };
}

/** VmHWM (peak RSS since exec) of a process, kB; 0 once it is gone. */
function peakRssKb(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Lines of src/media/ts (tests left out): what we maintain instead of a dependency. */
function ourCode(): CodeSize {
  const dir = join(root, "src", "media", "ts");
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
  const lines = files.reduce((n, f) => n + readFileSync(join(dir, f), "utf8").split("\n").length, 0);
  return {
    code_lines: lines,
    dependency_mb: 0,
    dependency_note: `${files.length} files of our own, no dependency`,
  };
}

/** mux.js on disk with what it depends on, and the lines the worker saw it load. */
function muxJsCode(loadedLines: number): CodeSize {
  const require = createRequire(import.meta.url);
  const pkg = dirname(require.resolve("mux.js/package.json"));
  const own = createRequire(join(pkg, "package.json"));
  const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")) as {
    version: string;
    dependencies?: object;
  };
  const deps = Object.keys(manifest.dependencies ?? {});
  // Dependencies nested under mux.js/node_modules are already in its folder's size.
  const dirs = new Set([pkg, ...deps.map((d) => dirname(own.resolve(`${d}/package.json`)))]);
  const nested = [...dirs].filter((d) => d !== pkg && d.startsWith(pkg));
  const bytes = [...dirs].filter((d) => !nested.includes(d)).reduce((n, d) => n + bytesUnder(d), 0);
  return {
    code_lines: loadedLines,
    dependency_mb: bytes / 2 ** 20,
    dependency_note: `npm mux.js ${manifest.version} with ${deps.join(", ")}; lines: the JavaScript it loads`,
  };
}
