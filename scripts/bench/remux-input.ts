// The remuxer scenario's input: a 1080p60 6 Mbps H.264 + AAC stream cut in 2 s MPEG-TS segments, as Twitch
// serves them. Rendered once with ffmpeg (about a minute on 2 cores) and kept under .tmp/ (git-ignored),
// so later runs measure remuxing, never encoding.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "..", "..");
export const INPUT = { seconds: 60, fps: 60, segmentSeconds: 2, width: 1920, height: 1080 } as const;
/** Change the version when the recipe changes: a new folder, the old one left to be deleted by hand. */
const CACHE = join(root, ".tmp", "bench-cache", "remux-input-v1");

export interface RemuxInput {
  dir: string;
  /** Segment files in order. */
  files: string[];
}

/** The segments, rendered first if the cache lacks them. */
export async function remuxInput(log: (message: string) => void): Promise<RemuxInput> {
  const done = join(CACHE, "done");
  if (!existsSync(done)) {
    log(`rendering ${INPUT.seconds} s of 1080p60 6 Mbps H.264 + AAC into 2 s TS segments (once, cached)`);
    const partial = `${CACHE}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    const gop = INPUT.fps * INPUT.segmentSeconds;
    const proc = Bun.spawn(
      [
        "ffmpeg",
        ...["-nostdin", "-v", "error"],
        ...["-f", "lavfi", "-i", `testsrc2=size=${INPUT.width}x${INPUT.height}:rate=${INPUT.fps}`],
        ...["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"],
        ...["-t", String(INPUT.seconds), "-pix_fmt", "yuv420p"],
        ...["-c:v", "libx264", "-preset", "veryfast", "-b:v", "6M", "-maxrate", "6M", "-bufsize", "12M"],
        ...["-g", String(gop), "-keyint_min", String(gop), "-sc_threshold", "0", "-bf", "2"],
        ...["-c:a", "aac", "-b:a", "160k", "-ac", "2"],
        // The HLS muxer keeps timestamps running across segments, as a live stream's do.
        ...["-f", "hls", "-hls_time", String(INPUT.segmentSeconds), "-hls_list_size", "0"],
        ...["-hls_segment_filename", join(partial, "seg%03d.ts"), join(partial, "index.m3u8")],
      ],
      { stdout: "ignore", stderr: "pipe" },
    );
    const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
    if (code !== 0)
      throw new Error(`ffmpeg could not render the remux input (${code}): ${stderr.slice(-400)}`);
    await Bun.write(join(partial, "done"), "");
    rmSync(CACHE, { recursive: true, force: true });
    renameSync(partial, CACHE);
  }
  const files = readdirSync(CACHE)
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((f) => join(CACHE, f));
  return { dir: CACHE, files };
}

/** The segments' bytes, in order. */
export function readSegments(files: readonly string[]): Uint8Array[] {
  return files.map((f) => new Uint8Array(readFileSync(f)));
}
