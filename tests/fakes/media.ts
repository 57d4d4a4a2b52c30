import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { durationFields, readInit } from "../../src/media/mp4-boxes.ts";
import { scanTimestamps, shiftTimestamps, TS_CLOCK } from "../../src/media/mpegts.ts";

/**
 * Media for the recorder on a fake clock: real MPEG-TS segments (a tiny H.264 picture, made once by ffmpeg
 * and cached; video only, so durations are exact), moved to the times asked for, so the in-process remuxer
 * writes a real part file.
 */

const templates = new Map<number, Uint8Array>();

/** A `seconds`-long segment of 30 fps H.264 (made by ffmpeg once per length and machine). */
function template(seconds: number): Uint8Array {
  let bytes = templates.get(seconds);
  if (bytes) return bytes;
  const dir = join(tmpdir(), "replayd-fake-media-v1");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `segment-${seconds}s.ts`);
  if (!existsSync(path)) {
    const made = spawnSync(
      "ffmpeg",
      [
        ...["-v", "error", "-y", "-f", "lavfi", "-i", `testsrc2=size=64x36:rate=30:duration=${seconds}`],
        ...["-c:v", "libx264", "-preset", "ultrafast", "-g", String(30 * seconds), "-bf", "0"],
        ...["-f", "mpegts", `${path}.tmp`],
      ],
      { encoding: "utf8" },
    );
    if (made.status !== 0) throw new Error(`ffmpeg could not make the fake media: ${made.stderr}`);
    renameSync(`${path}.tmp`, path);
  }
  bytes = new Uint8Array(readFileSync(path));
  templates.set(seconds, bytes);
  return bytes;
}

/** A TS segment whose media runs from `startSeconds` for `seconds`. */
export function tsSegment(startSeconds: number, seconds = 2): Uint8Array {
  const bytes = template(seconds).slice();
  const times = scanTimestamps(bytes);
  shiftTimestamps(bytes, Math.round(startSeconds * TS_CLOCK) - (times?.start ?? 0));
  return bytes;
}

/** The duration an MP4 file's header gives (mvhd), in seconds: what ffprobe reads of a finished part. */
export function headerSeconds(file: Uint8Array): number {
  const { movieTimescale } = readInit(file);
  const { mvhdAt } = durationFields(file);
  return new DataView(file.buffer, file.byteOffset, file.byteLength).getUint32(mvhdAt) / movieTimescale;
}
