import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { h264ProfileLevel } from "../hls/renditions.ts";
import { AUDIO_RATE, type PoolSpec } from "./pool-spec.ts";

/**
 * Renders a pool with ffmpeg: one continuous synthetic stream of (N + 1.5) segments, cut by ffmpeg's HLS
 * muxer at forced keyframes on every segment boundary. The first segment is a lead-in that is thrown away
 * (it holds the AAC priming), the next N become the pool. Content frames show the entry number large, the
 * rendition and a frame counter, plus the entry number as an 8-bit bar code (white box = 1, most significant
 * bit left) that tests read back from a recording's frames; ad frames are solid magenta with "AD". Content
 * audio is a 440 Hz tone, ads 1 kHz.
 */

export interface RenderedPool {
  /** Segment files of the render, in order, the lead-in first. */
  files: string[];
  /** The fMP4 init segment, or null for MPEG-TS. */
  init: string | null;
}

const FONT_CANDIDATES = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
  "/usr/share/fonts/truetype/freefont/FreeSansBold.ttf",
];

/** A TrueType font for drawtext, or null to let fontconfig choose. */
export function findFont(): string | null {
  return FONT_CANDIDATES.find((path) => existsSync(path)) ?? null;
}

export function renderArgs(spec: PoolSpec, dir: string, font: string | null): string[] {
  const d = spec.segmentSeconds;
  const total = (spec.entries + 1.5) * d;
  const tone = spec.kind === "content" ? 440 : 1000;
  const args = ["-nostdin", "-y", "-hide_banner", "-loglevel", "error"];
  const video = spec.video;
  if (video) {
    const colour = spec.kind === "content" ? "0x14213d" : "0xff00ff";
    args.push(
      "-f",
      "lavfi",
      "-i",
      `color=c=${colour}:s=${video.width}x${video.height}:r=${video.fps}:d=${total}`,
    );
  }
  args.push("-f", "lavfi", "-i", `sine=f=${tone}:sample_rate=${AUDIO_RATE}:d=${total}`);
  if (video) {
    args.push(
      "-filter_complex",
      `[0:v]${drawFilters(spec, font)},format=yuv420p[v]`,
      "-map",
      "[v]",
      "-map",
      "1:a",
    );
    args.push(...videoCodecArgs(spec));
  } else {
    args.push("-map", "0:a");
  }
  args.push("-c:a", "aac", "-b:a", `${spec.audioKbps}k`, "-ar", String(AUDIO_RATE), "-ac", "2");
  const ext = spec.format === "fmp4" ? "m4s" : "ts";
  args.push(
    "-f",
    "hls",
    "-hls_time",
    String(d),
    "-hls_list_size",
    "0",
    "-hls_segment_type",
    spec.format === "fmp4" ? "fmp4" : "mpegts",
    "-hls_segment_filename",
    join(dir, `seg%05d.${ext}`),
  );
  if (spec.format === "fmp4") {
    // No edit list: the video is presented at its decode times, so fMP4 and TS put segment n at the same time.
    args.push("-hls_fmp4_init_filename", "init.mp4", "-hls_segment_options", "use_editlist=0");
  }
  args.push(join(dir, "index.m3u8"));
  return args;
}

function drawFilters(spec: PoolSpec, font: string | null): string {
  const video = spec.video as NonNullable<PoolSpec["video"]>;
  const h = video.height;
  const face = font ? `fontfile=${font}:` : "";
  // The entry number: render segment k (k ≥ 1) is pool entry k − 1. The epsilon keeps frames that sit
  // exactly on a boundary from rounding down.
  const entry = `%{eif\\:floor(t/${spec.segmentSeconds}+0.000001)-1\\:d}`;
  const small = Math.max(10, Math.round(h / 14));
  const margin = Math.round(h / 30);
  const big =
    spec.kind === "content"
      ? `drawtext=${face}text='${entry}':fontsize=${Math.round(h * 0.45)}:fontcolor=white:x=(w-tw)/2:y=(h-th)/2`
      : `drawtext=${face}text='AD':fontsize=${Math.round(h * 0.5)}:fontcolor=black:x=(w-tw)/2:y=(h-th)/2`;
  const label = spec.kind === "content" ? `${spec.label} ${video.codec}` : `AD ${entry} ${spec.label}`;
  return [
    big,
    ...(spec.kind === "content" ? barCode(spec.segmentSeconds) : []),
    `drawtext=${face}text='${label}':fontsize=${small}:fontcolor=0xfca311:x=${margin}:y=${margin}`,
    `drawtext=${face}text='%{n}':fontsize=${small}:fontcolor=white:x=w-tw-${margin}:y=h-th-${margin}`,
  ].join(",");
}

/** Where the bar code sits: a band across the frame, below the big number. */
export const BAR_CODE = { bits: 8, top: 0.78, bottom: 0.86 };

/** Eight boxes across the band, each white while its bit of the entry number is set. */
function barCode(segmentSeconds: number): string[] {
  const entry = `(floor(t/${segmentSeconds}+0.000001)-1)`;
  return Array.from({ length: BAR_CODE.bits }, (_, i) => {
    const bit = BAR_CODE.bits - 1 - i;
    const enable = `mod(floor(${entry}/${2 ** bit})\\,2)`;
    return `drawbox=x=${i}*iw/${BAR_CODE.bits}:y=ih*${BAR_CODE.top}:w=iw/${BAR_CODE.bits}:h=ih*${(BAR_CODE.bottom - BAR_CODE.top).toFixed(2)}:color=white:t=fill:enable='${enable}'`;
  });
}

function videoCodecArgs(spec: PoolSpec): string[] {
  const video = spec.video as NonNullable<PoolSpec["video"]>;
  const d = spec.segmentSeconds;
  const gop = Math.max(1, Math.round(d * video.fps));
  const rate = `${video.kbps}k`;
  const keyframes = ["-force_key_frames", `expr:gte(t,n_forced*${d}-0.0001)`];
  if (video.codec === "h264") {
    const { profile, level } = h264ProfileLevel(video.codecString);
    return [
      ...["-c:v", "libx264", "-preset", "ultrafast", "-profile:v", profile, "-level", level],
      ...["-bf", "0", "-g", String(gop * 10), "-sc_threshold", "0", ...keyframes],
      // Constant bitrate with filler data, so segments weigh what BANDWIDTH says.
      ...["-b:v", rate, "-minrate", rate, "-maxrate", rate, "-bufsize", rate],
      ...["-x264-params", "nal-hrd=cbr:force-cfr=1"],
    ];
  }
  if (video.codec === "hevc") {
    return [
      ...["-c:v", "libx265", "-preset", "ultrafast", "-tag:v", "hev1", ...keyframes, "-b:v", rate],
      ...["-x265-params", `keyint=${gop * 10}:min-keyint=1:scenecut=0:bframes=0:log-level=error`],
    ];
  }
  // SVT-AV1 ignores forced keyframes: a fixed closed GOP of one segment does the same.
  return [
    ...["-c:v", "libsvtav1", "-preset", "12", "-g", String(gop), "-b:v", rate],
    ...["-svtav1-params", "irefresh-type=2:scd=0:pred-struct=1"],
  ];
}

/** Runs ffmpeg into `dir` and lists what it wrote. Throws with ffmpeg's last words when it fails. */
export async function renderPool(spec: PoolSpec, dir: string, ffmpeg: string): Promise<RenderedPool> {
  const proc = Bun.spawn([ffmpeg, ...renderArgs(spec, dir, findFont())], {
    stdin: "ignore",
    stdout: "ignore",
    stderr: "pipe",
  });
  const stderr = await new Response(proc.stderr).text();
  const code = await proc.exited;
  if (code !== 0) {
    const tail = stderr
      .split("\n")
      .filter((line) => line && !line.startsWith("Svt["))
      .slice(-5);
    throw new Error(`ffmpeg exited ${code} rendering media: ${tail.join(" | ")}`);
  }
  const index = await readFile(join(dir, "index.m3u8"), "utf8");
  const files = index
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((name) => (name.startsWith("/") ? name : join(dir, name)));
  return { files, init: spec.format === "fmp4" ? join(dir, "init.mp4") : null };
}
