// Is a remuxed file sound? What ffmpeg says decoding it, the duration ffprobe reads from it, and the span its
// packets really cover (the two differ when a muxer declares an unknown duration in its header).

export interface MediaCheck {
  /** ffmpeg's complaints decoding the whole file (`-v error`); empty when it is clean. */
  decodeErrors: string;
  /** The container's duration as ffprobe reports it (format=duration), in seconds; NaN when absent. */
  declaredSeconds: number;
  /** From the earliest packet's time to the latest one's end, over every stream, in seconds. */
  spanSeconds: number;
}

async function run(argv: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const proc = Bun.spawn(argv, { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, code };
}

export async function checkMedia(file: string, options: { decode?: boolean } = {}): Promise<MediaCheck> {
  const decodeErrors =
    options.decode === false
      ? ""
      : (await run(["ffmpeg", "-nostdin", "-v", "error", "-i", file, "-f", "null", "-"])).stderr.trim();
  const format = await run([
    "ffprobe",
    "-v",
    "error",
    "-show_entries",
    "format=duration",
    "-of",
    "csv=p=0",
    file,
  ]);
  const packets = await run([
    ...["ffprobe", "-v", "error", "-show_entries", "packet=pts_time,duration_time"],
    ...["-of", "csv=p=0", file],
  ]);
  return {
    decodeErrors,
    declaredSeconds: Number.parseFloat(format.stdout.trim()),
    spanSeconds: packetSpan(packets.stdout),
  };
}

/** From ffprobe's `pts_time,duration_time` lines: the latest end minus the earliest start. */
export function packetSpan(csv: string): number {
  let first = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const line of csv.split("\n")) {
    const [pts, duration] = line.split(",").map(Number.parseFloat);
    if (pts === undefined || !Number.isFinite(pts)) continue;
    first = Math.min(first, pts);
    end = Math.max(end, pts + (Number.isFinite(duration) ? (duration as number) : 0));
  }
  return end > first ? end - first : Number.NaN;
}
