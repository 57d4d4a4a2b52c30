import { mkdirSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * MPEG-TS test media for the remuxer, made by ffmpeg once per machine and cached under the OS temp folder:
 * HLS renditions cut into 2-second segments, plus a TS packetiser for the streams ffmpeg cannot make
 * (ADTS with CRC, hand-broken packets).
 */

export type TsFixtureName = "av" | "wrap" | "audio" | "small" | "large";

/** Seconds before the 33-bit wrap at which "wrap" starts: it falls 3 s in, inside the second segment. */
const WRAP_SECONDS = 2 ** 33 / 90_000;
/** ffmpeg's mpegts muxer starts its timestamps this far after the output offset. */
const MUXER_DELAY = 1.4;

const VIDEO = (size: string) => ["-f", "lavfi", "-i", `testsrc2=size=${size}:rate=30`];
const X264 = ["-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-g", "30", "-sc_threshold", "0"];

const FIXTURES: Record<TsFixtureName, { seconds: number; input: string[]; output: string[] }> = {
  av: { seconds: 6, input: [...VIDEO("320x180")], output: X264 },
  wrap: {
    seconds: 6,
    input: [...VIDEO("320x180")],
    output: [...X264, "-output_ts_offset", String(WRAP_SECONDS - MUXER_DELAY - 3)],
  },
  audio: { seconds: 6, input: [], output: [] },
  small: { seconds: 4, input: [...VIDEO("256x144")], output: X264 },
  large: { seconds: 4, input: [...VIDEO("480x270")], output: X264 },
};

const cache = new Map<string, Promise<string[]>>();

/** Paths of a fixture's segments, in order. */
export function tsFixture(name: TsFixtureName): Promise<string[]> {
  let pending = cache.get(name);
  if (!pending) {
    pending = generate(name);
    cache.set(name, pending);
  }
  return pending;
}

async function generate(name: TsFixtureName): Promise<string[]> {
  const spec = FIXTURES[name];
  const dir = join(tmpdir(), "replayd-ts-remux-v1", name);
  const list = () =>
    readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .sort()
      .map((f) => join(dir, f));
  mkdirSync(dir, { recursive: true });
  const expected = Math.ceil(spec.seconds / 2);
  if (list().length < expected) {
    const sampleRate = name === "audio" ? 44100 : 48000;
    await run([
      "ffmpeg",
      "-nostdin",
      "-v",
      "error",
      "-y",
      ...spec.input,
      "-f",
      "lavfi",
      "-i",
      `sine=frequency=440:sample_rate=${sampleRate}`,
      "-t",
      String(spec.seconds),
      ...spec.output,
      "-c:a",
      "aac",
      "-b:a",
      "96k",
      "-f",
      "hls",
      "-hls_time",
      "2",
      "-hls_list_size",
      "0",
      "-hls_segment_filename",
      join(dir, "seg%03d.ts"),
      join(dir, "index.m3u8"),
    ]);
  }
  return list().slice(0, expected);
}

/** Raw ADTS (no CRC) made by ffmpeg: `seconds` of a 48 kHz stereo tone. */
export async function adtsFixture(seconds: number): Promise<Uint8Array> {
  const dir = join(tmpdir(), "replayd-ts-remux-v1");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `tone-${seconds}.aac`);
  if (!(await Bun.file(path).exists())) {
    await run([
      "ffmpeg",
      "-nostdin",
      "-v",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      "sine=frequency=440:sample_rate=48000",
      "-ac",
      "2",
      "-t",
      String(seconds),
      "-c:a",
      "aac",
      "-f",
      "adts",
      path,
    ]);
  }
  return new Uint8Array(await Bun.file(path).bytes());
}

async function run(args: string[]): Promise<string> {
  const proc = Bun.spawn(args, { stdout: "pipe", stderr: "pipe" });
  const [code, out, err] = await Promise.all([
    proc.exited,
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
  ]);
  if (code !== 0) throw new Error(`${args[0]} failed: ${err}`);
  return out;
}

export interface StreamProbe {
  /** Packets ffprobe reads. */
  packets: number;
  /** Seconds from the first packet's pts to the end of the last one (max pts + duration). */
  duration: number;
  /** First pts, seconds. */
  start: number;
}

/** Per-kind packet count and duration of a media file (or of several TS segments read one after another). */
export async function probeStreams(
  file: string,
): Promise<{ video: StreamProbe | null; audio: StreamProbe | null }> {
  const text = await run([
    "ffprobe",
    "-v",
    "error",
    "-show_entries",
    "packet=codec_type,pts_time,duration_time",
    "-of",
    "csv=p=0",
    file,
  ]);
  const kinds = { video: [] as [number, number][], audio: [] as [number, number][] };
  for (const line of text.trim().split("\n")) {
    const [type, pts, duration] = line.split(",");
    if (type === "video" || type === "audio") kinds[type].push([Number(pts), Number(duration)]);
  }
  const summary = (rows: [number, number][]): StreamProbe | null => {
    if (rows.length === 0) return null;
    const sorted = rows.map((r) => r[0]).sort((a, b) => a - b);
    // TS packets often have no duration: take the usual step between presentation times.
    const steps = sorted.slice(1).map((t, i) => t - (sorted[i] as number));
    const step = steps.sort((a, b) => a - b)[steps.length >> 1] ?? 0;
    const start = sorted[0] as number;
    const end = Math.max(...rows.map((r) => r[0] + (Number.isFinite(r[1]) ? r[1] : step)));
    return { packets: rows.length, duration: end - start, start };
  };
  return { video: summary(kinds.video), audio: summary(kinds.audio) };
}

/** The raw pts values (90 kHz) of a TS file's packets as ffprobe reports them, in file order. */
export async function probeRawPts(file: string): Promise<number[]> {
  const text = await run(["ffprobe", "-v", "error", "-show_entries", "packet=pts", "-of", "csv=p=0", file]);
  return text
    .trim()
    .split("\n")
    .map((l) => Number(l.split(",")[0]));
}

/** `ffprobe` reads the container of `file` without an error (what it printed otherwise). */
export async function containerErrors(file: string): Promise<string> {
  const proc = Bun.spawn(
    ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0", file],
    {
      stdout: "ignore",
      stderr: "pipe",
    },
  );
  const text = await new Response(proc.stderr).text();
  await proc.exited;
  return text.trim();
}
