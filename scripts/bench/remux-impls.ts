// The in-process TS → fragmented-MP4 remuxers the remuxer scenario compares, behind one shape: a whole
// recording's segments in, an init section and its fragments out. Each is loaded only when asked for, so
// one that is missing (our own, before the remux branch lands) is "not available" instead of an error.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

export const IN_PROCESS = ["replayd", "mux.js"] as const;
export type InProcessName = (typeof IN_PROCESS)[number];

export interface RemuxOutput {
  init: Uint8Array;
  /** moof, mdat… of every segment, in order. */
  chunks: Uint8Array[];
}

export type RemuxAll = (segments: readonly Uint8Array[]) => RemuxOutput;

const root = join(import.meta.dir, "..", "..");

/** The remuxer by name, or why it cannot be had. */
export async function loadRemuxer(name: InProcessName): Promise<RemuxAll | { unavailable: string }> {
  return name === "replayd" ? loadOurs() : loadMuxJs();
}

interface OurApi {
  demuxTs(bytes: Uint8Array): unknown;
  tsSegmentTimes(seg: unknown): { video: { first: number } | null; audio: { first: number } | null };
  tsInit(seg: unknown): Uint8Array;
  tsFragment(
    seg: unknown,
    offsetTicks90k: number,
    sequence: number,
  ): { moof: Uint8Array; mdat: Uint8Array[] };
}

async function loadOurs(): Promise<RemuxAll | { unavailable: string }> {
  // A computed path: the module may not exist on this branch yet, and tsc must not insist it does.
  const path = join(root, "src", "media", "ts", "index.ts");
  if (!existsSync(path)) return { unavailable: "src/media/ts/index.ts is not on this branch yet" };
  let api: OurApi;
  try {
    api = (await import(path)) as OurApi;
  } catch (err) {
    return {
      unavailable: `src/media/ts/index.ts cannot be loaded (${(err as Error).message.split("\n")[0]})`,
    };
  }
  return (segments) => {
    const chunks: Uint8Array[] = [];
    let init: Uint8Array | null = null;
    let offset = 0;
    segments.forEach((bytes, i) => {
      const seg = api.demuxTs(bytes);
      if (i === 0) {
        init = api.tsInit(seg);
        // The recording starts at zero: the first segment's earliest time is taken off every sample.
        const times = api.tsSegmentTimes(seg);
        const first = Math.min(times.video?.first ?? Infinity, times.audio?.first ?? Infinity);
        offset = Number.isFinite(first) ? -Math.floor(first * 90_000) : 0;
      }
      const fragment = api.tsFragment(seg, offset, i + 1);
      chunks.push(fragment.moof, ...fragment.mdat);
    });
    return { init: init ?? new Uint8Array(), chunks };
  };
}

interface MuxJsSegment {
  initSegment: Uint8Array;
  data: Uint8Array;
}
interface MuxJsTransmuxer {
  on(event: "data", listener: (segment: MuxJsSegment) => void): void;
  push(bytes: Uint8Array): void;
  flush(): void;
}

async function loadMuxJs(): Promise<RemuxAll | { unavailable: string }> {
  let Transmuxer: new (options: Record<string, unknown>) => MuxJsTransmuxer;
  try {
    // CommonJS without types; required so that its files land in require.cache (counted as loaded code).
    const muxjs = createRequire(import.meta.url)("mux.js") as {
      mp4: { Transmuxer: typeof Transmuxer };
    };
    Transmuxer = muxjs.mp4.Transmuxer;
  } catch (err) {
    return { unavailable: `mux.js cannot be loaded (${(err as Error).message})` };
  }
  return (segments) => {
    // Original timestamps: the segments are pieces of one stream, as a recorder sees them.
    const transmuxer = new Transmuxer({ keepOriginalTimestamps: true, remux: true });
    let init: Uint8Array | null = null;
    const chunks: Uint8Array[] = [];
    transmuxer.on("data", (out) => {
      init ??= out.initSegment;
      chunks.push(out.data);
    });
    for (const bytes of segments) {
      transmuxer.push(bytes);
      transmuxer.flush();
    }
    return { init: init ?? new Uint8Array(), chunks };
  };
}
