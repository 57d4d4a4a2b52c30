import { BAR_CODE } from "../../src/sim/media/pool.render.ts";

/**
 * Reads back, frame by frame, what the simulator drew into a recording: each content frame's pool entry
 * (its 8-bit bar code) or "ad" for the solid magenta ad frames. Collapsed into runs, that is the order of
 * the segments the file holds.
 */
export type FrameLabel = number | "ad";

export async function frameLabels(file: string): Promise<FrameLabel[]> {
  const height = (BAR_CODE.bottom - BAR_CODE.top).toFixed(3);
  const [codes, colours] = await Promise.all([
    rawFrames(
      file,
      `crop=iw:ih*${height}:0:ih*${BAR_CODE.top},scale=${BAR_CODE.bits}:1:flags=area,format=gray`,
      BAR_CODE.bits,
    ),
    rawFrames(file, "scale=1:1:flags=area,format=rgb24", 3),
  ]);
  return codes.map((bits, i) => {
    const [r, g, b] = colours[i] ?? [0, 0, 0];
    if ((r as number) > 180 && (g as number) < 90 && (b as number) > 180) return "ad";
    return bits.reduce((value, level) => value * 2 + ((level as number) > 128 ? 1 : 0), 0);
  });
}

/** Consecutive equal labels collapsed: one entry per segment in the file. */
export function runs(labels: FrameLabel[]): { label: FrameLabel; frames: number }[] {
  const out: { label: FrameLabel; frames: number }[] = [];
  for (const label of labels) {
    const last = out.at(-1);
    if (last && last.label === label) last.frames++;
    else out.push({ label, frames: 1 });
  }
  return out;
}

async function rawFrames(file: string, filter: string, bytesPerFrame: number): Promise<Uint8Array[]> {
  const proc = Bun.spawn(
    ["ffmpeg", "-nostdin", "-v", "error", "-i", file, "-an", "-vf", filter, "-f", "rawvideo", "-"],
    {
      stdout: "pipe",
      stderr: "pipe",
    },
  );
  const [bytes, stderr, code] = await Promise.all([
    new Response(proc.stdout).arrayBuffer(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`ffmpeg could not read frames of ${file}: ${stderr}`);
  const all = new Uint8Array(bytes);
  const frames: Uint8Array[] = [];
  for (let at = 0; at + bytesPerFrame <= all.length; at += bytesPerFrame)
    frames.push(all.subarray(at, at + bytesPerFrame));
  return frames;
}
