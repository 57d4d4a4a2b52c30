import { bunProcessRunner, type ProcessRunner } from "../process/process-runner.ts";

/**
 * The peaks of an audio recording, for the dashboard's waveform: ffmpeg decodes to 8 kHz mono and the
 * samples stream through, one running maximum per point, so memory stays flat whatever the length.
 */
export interface Waveform {
  version: 1;
  duration_seconds: number;
  /** Peak amplitude per point, 0..1, evenly spread over the duration. */
  peaks: number[];
}

const RATE = 8000;

/** Eight points a second, at least 64 and at most 1600. */
export function waveformPoints(durationSeconds: number): number {
  return Math.min(1600, Math.max(64, Math.round(durationSeconds * 8)));
}

export async function computeWaveform(
  file: string,
  durationSeconds: number,
  ffmpegPath = "ffmpeg",
  processes: ProcessRunner = bunProcessRunner,
): Promise<Waveform> {
  const points = waveformPoints(durationSeconds);
  const perPoint = Math.max(1, Math.ceil((durationSeconds * RATE) / points));
  const proc = processes.spawn(
    [
      ffmpegPath,
      "-nostdin",
      "-v",
      "error",
      "-i",
      file,
      "-vn",
      "-ac",
      "1",
      "-ar",
      String(RATE),
      "-f",
      "s16le",
      "-",
    ],
    { stdout: "pipe", stderr: "pipe" },
  );
  const peaks = new Array<number>(points).fill(0);
  let sample = 0;
  let carry: number | null = null;
  for await (const chunk of proc.stdout) {
    let at = 0;
    if (carry !== null) {
      // A sample split across two chunks.
      at = 1;
      record(((((chunk[0] as number) << 8) | carry) << 16) >> 16);
      carry = null;
    }
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (; at + 1 < chunk.length; at += 2) record(view.getInt16(at, true));
    if (at < chunk.length) carry = chunk[at] as number;
  }
  const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
  if (code !== 0) throw new Error(`ffmpeg could not decode the audio: ${stderr.trim().slice(0, 200)}`);
  return {
    version: 1,
    duration_seconds: durationSeconds,
    peaks: peaks.map((p) => Math.round((p / 32768) * 1000) / 1000),
  };

  function record(value: number) {
    const index = Math.min(points - 1, Math.floor(sample / perPoint));
    const magnitude = Math.abs(value);
    if (magnitude > (peaks[index] as number)) peaks[index] = magnitude;
    sample++;
  }
}
