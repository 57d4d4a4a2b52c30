import { mkdirSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Small real media made by ffmpeg once per machine and reused by tests: an HLS rendition cut into
 * 1-second segments (TS or fMP4), with a test picture and a tone. Cached under the OS temp folder.
 */
export interface TestSegments {
  dir: string;
  /** Segment files in order. */
  segments: string[];
  /** The fMP4 init section, when format is fmp4. */
  init: string | null;
}

const cache = new Map<string, Promise<TestSegments>>();

export function testSegments(
  format: "ts" | "fmp4",
  options: { audioOnly?: boolean; count?: number } = {},
): Promise<TestSegments> {
  const count = options.count ?? 6;
  const key = `${format}-${options.audioOnly ? "audio" : "av"}-${count}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = generate(key, format, count, options.audioOnly === true);
    cache.set(key, pending);
  }
  return pending;
}

async function generate(
  key: string,
  format: "ts" | "fmp4",
  count: number,
  audioOnly: boolean,
): Promise<TestSegments> {
  const dir = join(tmpdir(), "replayd-test-media-v1", key);
  const ext = format === "ts" ? "ts" : "m4s";
  const list = () =>
    readdirSync(dir)
      .filter((f) => f.endsWith(`.${ext}`))
      .sort();
  mkdirSync(dir, { recursive: true });
  if (list().length < count) {
    const video = audioOnly
      ? []
      : [
          "-f",
          "lavfi",
          "-i",
          "testsrc2=size=320x180:rate=30",
          "-c:v",
          "libx264",
          "-preset",
          "ultrafast",
          "-g",
          "30",
          "-keyint_min",
          "30",
          "-sc_threshold",
          "0",
          "-bf",
          "2",
        ];
    const args = [
      "ffmpeg",
      "-nostdin",
      "-v",
      "error",
      "-y",
      ...video.slice(0, 4),
      "-f",
      "lavfi",
      "-i",
      "sine=frequency=440:sample_rate=48000",
      "-t",
      String(count),
      ...video.slice(4),
      "-c:a",
      "aac",
      "-b:a",
      "96k",
      "-f",
      "hls",
      "-hls_time",
      "1",
      "-hls_list_size",
      "0",
      "-hls_segment_type",
      format === "ts" ? "mpegts" : "fmp4",
      "-hls_fmp4_init_filename",
      "init.mp4",
      "-hls_segment_filename",
      join(dir, `seg%03d.${ext}`),
      join(dir, "index.m3u8"),
    ];
    const proc = Bun.spawn(args, { stdout: "ignore", stderr: "pipe" });
    const [code, err] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
    if (code !== 0) throw new Error(`ffmpeg could not make test media: ${err}`);
  }
  return {
    dir,
    segments: list()
      .slice(0, count)
      .map((f) => join(dir, f)),
    init: format === "fmp4" ? join(dir, "init.mp4") : null,
  };
}

/** Packet timestamps of a media file, per stream type, from ffprobe. */
export async function probePackets(file: string): Promise<{ video: number[]; audio: number[] }> {
  const proc = Bun.spawn(
    ["ffprobe", "-v", "error", "-show_entries", "packet=pts_time,codec_type", "-of", "csv=p=0", file],
    { stdout: "pipe", stderr: "pipe" },
  );
  const text = await new Response(proc.stdout).text();
  await proc.exited;
  const video: number[] = [];
  const audio: number[] = [];
  for (const line of text.trim().split("\n")) {
    const [type, pts] = line.split(",");
    if (type === "video") video.push(Number(pts));
    else if (type === "audio") audio.push(Number(pts));
  }
  return { video, audio };
}

/** `ffmpeg -v error -i file -f null -` prints nothing for a file that decodes cleanly: what it printed. */
export async function decodeErrors(file: string): Promise<string> {
  const proc = Bun.spawn(["ffmpeg", "-nostdin", "-v", "error", "-i", file, "-f", "null", "-"], {
    stderr: "pipe",
  });
  const text = await new Response(proc.stderr).text();
  await proc.exited;
  return text.trim();
}
