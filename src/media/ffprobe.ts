import { z } from "zod";
import { bunProcessRunner, type ProcessRunner } from "../process/process-runner.ts";

export interface ProbeResult {
  durationSeconds: number;
  formatName: string;
  video: {
    codec: string;
    width: number;
    height: number;
    fps: number | null;
    durationSeconds: number | null;
  } | null;
  audio: { codec: string; sampleRate: number; channels: number; durationSeconds: number | null } | null;
}

export class ProbeError extends Error {
  override name = "ProbeError";
}

const output = z.object({
  format: z.object({ duration: z.string().optional(), format_name: z.string() }),
  streams: z.array(
    z
      .object({
        codec_type: z.string(),
        codec_name: z.string().optional(),
        width: z.number().optional(),
        height: z.number().optional(),
        avg_frame_rate: z.string().optional(),
        sample_rate: z.string().optional(),
        channels: z.number().optional(),
        duration: z.string().optional(),
      })
      .loose(),
  ),
});

/** ffprobe's view of a media file: container duration and the main video and audio streams. */
export async function probe(
  file: string,
  ffprobePath = "ffprobe",
  processes: ProcessRunner = bunProcessRunner,
): Promise<ProbeResult> {
  const proc = processes.spawn(
    [ffprobePath, "-v", "error", "-print_format", "json", "-show_format", "-show_streams", file],
    { stdout: "pipe", stderr: "pipe" },
  );
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new ProbeError(`ffprobe failed on ${file}: ${stderr.trim().slice(0, 300)}`);
  const parsed = output.safeParse(JSON.parse(stdout));
  if (!parsed.success) throw new ProbeError(`ffprobe gave unexpected output for ${file}`);
  const { format, streams } = parsed.data;
  const video = streams.find((s) => s.codec_type === "video");
  const audio = streams.find((s) => s.codec_type === "audio");
  const seconds = (v: string | undefined) => (v === undefined || Number.isNaN(Number(v)) ? null : Number(v));
  return {
    durationSeconds: seconds(format.duration) ?? 0,
    formatName: format.format_name,
    video: video
      ? {
          codec: video.codec_name ?? "unknown",
          width: video.width ?? 0,
          height: video.height ?? 0,
          fps: frameRate(video.avg_frame_rate),
          durationSeconds: seconds(video.duration),
        }
      : null,
    audio: audio
      ? {
          codec: audio.codec_name ?? "unknown",
          sampleRate: Number(audio.sample_rate ?? 0),
          channels: audio.channels ?? 0,
          durationSeconds: seconds(audio.duration),
        }
      : null,
  };
}

function frameRate(value: string | undefined): number | null {
  if (!value) return null;
  const [num, den] = value.split("/").map(Number);
  return num && den ? Math.round((num / den) * 1000) / 1000 : null;
}
