// Is a remuxed file sound? What ffmpeg says decoding it, and per stream (video, audio) the duration ffprobe
// reads from its header beside the span its packets really cover (the two differ when a muxer declares an
// unknown duration).

export type StreamKind = "video" | "audio";

export interface StreamTimes {
  /** The stream's duration as ffprobe reports it (stream=duration), in seconds; NaN when absent. */
  declared: number;
  /** From its earliest packet's time to its latest one's end, in seconds. */
  span: number;
}

export interface MediaCheck {
  /** ffmpeg's complaints decoding the whole file (`-v error`); empty when it is clean. */
  decodeErrors: string;
  streams: Partial<Record<StreamKind, StreamTimes>>;
}

async function run(argv: string[]): Promise<string> {
  const proc = Bun.spawn(argv, { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
  ]);
  await proc.exited;
  return argv[0] === "ffmpeg" ? stderr : stdout;
}

export async function checkMedia(file: string, options: { decode?: boolean } = {}): Promise<MediaCheck> {
  const decodeErrors =
    options.decode === false
      ? ""
      : (await run(["ffmpeg", "-nostdin", "-v", "error", "-i", file, "-f", "null", "-"])).trim();
  const streams = await run([
    ...["ffprobe", "-v", "error", "-show_entries", "stream=index,codec_type,duration"],
    ...["-of", "csv=p=0", file],
  ]);
  const packets = await run([
    ...["ffprobe", "-v", "error", "-show_entries", "packet=stream_index,pts_time,duration_time"],
    ...["-of", "csv=p=0", file],
  ]);
  const spans = packetSpans(packets);
  const out: MediaCheck = { decodeErrors, streams: {} };
  for (const line of streams.trim().split("\n")) {
    const [index, kind, duration] = line.split(",");
    if (kind !== "video" && kind !== "audio") continue;
    out.streams[kind] ??= {
      declared: Number.parseFloat(duration ?? ""),
      span: spans.get(Number(index)) ?? Number.NaN,
    };
  }
  return out;
}

/** From ffprobe's `stream_index,pts_time,duration_time` lines: per stream, the latest end minus the earliest start. */
export function packetSpans(csv: string): Map<number, number> {
  const bounds = new Map<number, { first: number; end: number }>();
  for (const line of csv.split("\n")) {
    const [index, pts, duration] = line.split(",").map(Number.parseFloat);
    if (index === undefined || pts === undefined || !Number.isFinite(pts)) continue;
    const b = bounds.get(index) ?? { first: Number.POSITIVE_INFINITY, end: Number.NEGATIVE_INFINITY };
    b.first = Math.min(b.first, pts);
    b.end = Math.max(b.end, pts + (Number.isFinite(duration) ? (duration as number) : 0));
    bounds.set(index, b);
  }
  return new Map([...bounds].map(([i, b]) => [i, b.end - b.first]));
}
