/**
 * ffprobe/ffmpeg helpers for tests that check real media: packet timestamps, stream descriptions, decode
 * errors, and the average colour of a frame (to tell an ad from content).
 */

export interface ProbedPacket {
  stream: "video" | "audio";
  pts: number;
  keyframe: boolean;
}

async function run(
  cmd: string[],
  input?: Uint8Array,
): Promise<{ code: number; stdout: Uint8Array; stderr: string }> {
  const proc = Bun.spawn(cmd, { stdin: input ? "pipe" : "ignore", stdout: "pipe", stderr: "pipe" });
  if (input && proc.stdin) {
    proc.stdin.write(input);
    await proc.stdin.end();
  }
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).arrayBuffer(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout: new Uint8Array(stdout), stderr };
}

/** Every packet of a file (path) or of in-memory bytes, in file order, with PTS in seconds. */
export async function probePackets(source: string | Uint8Array): Promise<ProbedPacket[]> {
  const input = typeof source === "string" ? source : "pipe:0";
  const { code, stdout, stderr } = await run(
    ["ffprobe", "-v", "error", "-show_entries", "packet=codec_type,pts_time,flags", "-of", "json", input],
    typeof source === "string" ? undefined : source,
  );
  if (code !== 0) throw new Error(`ffprobe failed: ${stderr}`);
  const json = JSON.parse(new TextDecoder().decode(stdout)) as {
    packets: { codec_type: string; pts_time: string; flags: string }[];
  };
  return json.packets.map((p) => ({
    stream: p.codec_type === "video" ? "video" : "audio",
    pts: Number(p.pts_time),
    keyframe: p.flags.includes("K"),
  }));
}

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
}

export async function probeFile(
  path: string,
): Promise<{ streams: ProbedStream[]; duration: number; errors: string }> {
  const { code, stdout, stderr } = await run([
    "ffprobe",
    "-v",
    "error",
    "-show_entries",
    "stream=codec_type,codec_name,width,height:format=duration",
    "-of",
    "json",
    path,
  ]);
  if (code !== 0) throw new Error(`ffprobe ${path} failed: ${stderr}`);
  const json = JSON.parse(new TextDecoder().decode(stdout)) as {
    streams: ProbedStream[];
    format: { duration?: string };
  };
  return { streams: json.streams, duration: Number(json.format.duration ?? 0), errors: stderr.trim() };
}

/** Decodes all of it and returns what ffmpeg complained about (empty when clean). */
export async function decodeErrors(source: string | Uint8Array): Promise<string> {
  const input = typeof source === "string" ? source : "pipe:0";
  const { stderr } = await run(
    ["ffmpeg", "-nostdin", "-v", "error", "-i", input, "-f", "null", "-"],
    typeof source === "string" ? undefined : source,
  );
  return stderr.trim();
}

/** The average RGB of the first video frame (scaled down to one pixel). */
export async function averageColour(source: Uint8Array): Promise<[number, number, number]> {
  const { code, stdout, stderr } = await run(
    [
      "ffmpeg",
      "-nostdin",
      "-v",
      "error",
      "-i",
      "pipe:0",
      "-frames:v",
      "1",
      "-vf",
      "scale=1:1:flags=area",
      "-f",
      "rawvideo",
      "-pix_fmt",
      "rgb24",
      "-",
    ],
    source,
  );
  if (code !== 0 || stdout.length < 3) throw new Error(`ffmpeg could not decode a frame: ${stderr}`);
  return [stdout[0] as number, stdout[1] as number, stdout[2] as number];
}

/**
 * The typical gap between consecutive timestamps and the largest deviation from it: continuous media has a
 * spread of a few microseconds (ffprobe prints 6 decimals), a gap or overlap shows up as a large one.
 */
export function stepSpread(values: number[]): { step: number; spread: number } {
  const gaps = values.slice(1).map((v, i) => v - (values[i] as number));
  const sorted = [...gaps].sort((a, b) => a - b);
  const step = sorted[Math.floor(sorted.length / 2)] ?? 0;
  return { step, spread: Math.max(0, ...gaps.map((g) => Math.abs(g - step))) };
}
