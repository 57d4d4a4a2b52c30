// Which content segments a recorded file holds, read from the picture: the simulator burns each segment's
// pool entry (its broadcast sequence modulo the pool size) into its frames as an 8-bit bar code
// (tests/support/frames.ts reads every frame; here only keyframes are decoded, one per segment, which is
// what makes checking 50 files × 3 recorders affordable). Anchored on the simulator's segment ledger, that
// gives the ledger's content segments the file lacks.
import { BAR_CODE } from "../../src/sim/media/pool.render.ts";
import { poolEntries } from "../../src/sim/media/pool-spec.ts";

/** The pool size of the simulator's content segments: labels repeat every this many segments. */
export function contentPoolSize(segmentSeconds: number, fps: number): number {
  return poolEntries("content", segmentSeconds, fps);
}

/** The bar code of every keyframe of a file, in order (one keyframe per simulated segment). */
export async function keyframeLabels(file: string): Promise<number[]> {
  const height = (BAR_CODE.bottom - BAR_CODE.top).toFixed(3);
  const filter = `crop=iw:ih*${height}:0:ih*${BAR_CODE.top},scale=${BAR_CODE.bits}:1:flags=area,format=gray`;
  const proc = Bun.spawn(
    ["ffmpeg", "-nostdin", "-v", "error", "-skip_frame", "nokey", "-i", file, "-an", "-vf", filter].concat([
      "-vsync",
      "passthrough",
      "-f",
      "rawvideo",
      "-",
    ]),
    { stdout: "pipe", stderr: "pipe" },
  );
  const [bytes, stderr, code] = await Promise.all([
    new Response(proc.stdout).arrayBuffer(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`ffmpeg could not read keyframes of ${file}: ${stderr.slice(0, 500)}`);
  const all = new Uint8Array(bytes);
  const labels: number[] = [];
  for (let at = 0; at + BAR_CODE.bits <= all.length; at += BAR_CODE.bits) {
    let value = 0;
    for (let i = 0; i < BAR_CODE.bits; i++) value = value * 2 + ((all[at + i] as number) > 128 ? 1 : 0);
    labels.push(value);
  }
  return labels;
}

export interface SegmentCheck {
  /** Content segments found in the file. */
  recorded: number;
  /** Ledger content segments from the file's first one to the end of the stream that the file lacks. */
  missed: number;
  /** Broadcast sequence of the file's first segment (null for an empty file). */
  first: number | null;
}

/**
 * Places a file's labels (sequence mod `poolSize`, in file order) on the broadcast: consecutive labels are
 * taken as the nearest later segment (a jump of k means k−1 lost in between), and the last one as the
 * newest ledger segment with that label (recorders here run to the stream's end). Then counts the
 * ledger's content segments from the first recorded one on that the file lacks. Losing a whole pool's
 * worth (poolSize segments) in one gap would be undercounted by poolSize; the runs here are far from it.
 */
export function checkSegments(
  labels: readonly number[],
  ledgerContent: readonly number[],
  poolSize: number,
): SegmentCheck {
  const distinct = labels.filter((l, i) => i === 0 || l !== labels[i - 1]);
  const content = [...ledgerContent].sort((a, b) => a - b);
  if (distinct.length === 0 || content.length === 0)
    return { recorded: 0, missed: content.length, first: null };
  const offsets = [0];
  for (let i = 1; i < distinct.length; i++) {
    const step = ((distinct[i] as number) - (distinct[i - 1] as number) + poolSize) % poolSize;
    offsets.push((offsets[i - 1] as number) + step);
  }
  const lastLabel = distinct.at(-1) as number;
  const lastSequence = [...content].reverse().find((s) => s % poolSize === lastLabel);
  if (lastSequence === undefined) return { recorded: distinct.length, missed: content.length, first: null };
  const first = lastSequence - (offsets.at(-1) as number);
  const held = new Set(offsets.map((o) => first + o));
  const missed = content.filter((s) => s >= first && !held.has(s)).length;
  return { recorded: held.size, missed, first };
}
