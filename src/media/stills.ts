import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bunProcessRunner, type ProcessRunner } from "../process/process-runner.ts";

/**
 * Still images of a recording: the hero thumbnail and the hover strip. Both seek (fast, input-side -ss)
 * rather than decode the whole file, so a 4-hour recording costs the same as a 4-minute one.
 */

export interface StillsOptions {
  ffmpegPath?: string;
  processes?: ProcessRunner;
}

/** One JPEG frame at 10% of the duration, clamped to [5 s, 600 s] and to the recording itself. */
export function thumbnailTime(durationSeconds: number): number {
  const preferred = Math.min(600, Math.max(5, durationSeconds * 0.1));
  return Math.max(0, Math.min(preferred, durationSeconds - 0.5));
}

export async function writeThumbnail(
  video: string,
  out: string,
  atSeconds: number,
  options: StillsOptions = {},
) {
  await run(options, [
    options.ffmpegPath ?? "ffmpeg",
    "-nostdin",
    "-v",
    "error",
    "-y",
    "-ss",
    atSeconds.toFixed(3),
    "-i",
    video,
    "-frames:v",
    "1",
    "-q:v",
    "3",
    out,
  ]);
}

/** Twelve frames spread over the recording, 160 px wide, tiled 4×3 into one JPEG. */
export async function writeStrip(
  video: string,
  out: string,
  durationSeconds: number,
  options: StillsOptions = {},
) {
  const ffmpeg = options.ffmpegPath ?? "ffmpeg";
  const dir = await mkdtemp(join(tmpdir(), "replayd-strip-"));
  try {
    const frames = 12;
    // Four seeks at a time: each is short, and in parallel the strip costs about a third.
    for (let first = 0; first < frames; first += 4) {
      await Promise.all(
        Array.from({ length: Math.min(4, frames - first) }, (_, k) => {
          const i = first + k;
          const at = ((i + 0.5) * durationSeconds) / frames;
          return run(options, [
            ffmpeg,
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-ss",
            at.toFixed(3),
            "-i",
            video,
            "-frames:v",
            "1",
            "-vf",
            "scale=160:-2",
            "-q:v",
            "4",
            join(dir, `f${String(i).padStart(2, "0")}.jpg`),
          ]);
        }),
      );
    }
    const made = (await readdir(dir)).length;
    if (made === 0) throw new Error("no frames could be extracted");
    await run(options, [
      ffmpeg,
      "-nostdin",
      "-v",
      "error",
      "-y",
      "-framerate",
      "1",
      "-i",
      join(dir, "f%02d.jpg"),
      "-vf",
      "tile=4x3",
      "-frames:v",
      "1",
      "-q:v",
      "3",
      out,
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function run(options: StillsOptions, args: string[]): Promise<void> {
  const proc = (options.processes ?? bunProcessRunner).spawn(args, { stderr: "pipe" });
  const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error(`ffmpeg failed: ${stderr.trim().slice(0, 300)}`);
}
