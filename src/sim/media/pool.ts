import { initTracks, type Mp4Plan, patchMp4, planMp4 } from "./mp4.timestamps.ts";
import { type PoolSpec, poolKey, poolName, TIMELINE_OFFSET_SECONDS } from "./pool-spec.ts";
import { patchTs, planTs, type TsPlan } from "./ts.timestamps.ts";

/**
 * A loaded media pool and how to serve any ordinal from it: ordinal i (a broadcast sequence for content,
 * the index within its break for an ad) comes from entry i mod N, shifted so its first video frame sits at
 * (10 + i·d) s, with continuity counters (TS) or fragment numbers (fMP4) running on. Rendering and caching
 * live in pool.store.ts; this module is pure.
 */

export interface Pool {
  key: string;
  name: string;
  spec: PoolSpec;
  init: Uint8Array | null;
  entries: { data: Uint8Array; ts: TsPlan | null; mp4: Mp4Plan | null }[];
  /** Where render time 0 sits: MPEG-TS ticks, or per-track decode time for fMP4. */
  origin: { ts: number | null; tracks: Map<number, number> };
  timescales: Map<number, number>;
  /** Per entry, payload packets per PID in all entries before it (TS continuity counters). */
  ccBefore: Map<number, number>[];
  ccTotal: Map<number, number>;
  bytes: number;
}

/**
 * Where render time 0 sits. MPEG-TS: the lead-in's first PTS. fMP4: the muxer stretches the very first
 * video sample to cover the AAC priming, so the grid is read from the first pool entry instead (its video
 * starts exactly one segment after time 0) and every track gets that same offset, keeping A/V in sync.
 */
export function originOf(
  spec: PoolSpec,
  leadIn: Uint8Array,
  firstEntry: Uint8Array,
  init: Uint8Array | null,
): Pool["origin"] {
  if (spec.format === "ts") return { ts: planTs(leadIn).firstPts, tracks: new Map() };
  const tracks = initTracks(init as Uint8Array);
  const video = [...tracks].find(([, info]) => info.handler === "vide");
  const origins = new Map<number, number>();
  if (!video) {
    for (const [id, time] of planMp4(leadIn).firstDecodeTime) origins.set(id, time);
    return { ts: null, tracks: origins };
  }
  const [videoId, { timescale }] = video;
  const firstVideo = planMp4(firstEntry).firstDecodeTime.get(videoId) ?? 0;
  const seconds = firstVideo / timescale - spec.segmentSeconds;
  for (const [id, info] of tracks) origins.set(id, Math.round(seconds * info.timescale));
  return { ts: null, tracks: origins };
}

export function assemblePool(
  spec: PoolSpec,
  entries: Uint8Array[],
  init: Uint8Array | null,
  origin: Pool["origin"],
): Pool {
  if (entries.length !== spec.entries)
    throw new Error(`pool has ${entries.length} of ${spec.entries} entries`);
  const planned = entries.map((data) =>
    spec.format === "ts" ? { data, ts: planTs(data), mp4: null } : { data, ts: null, mp4: planMp4(data) },
  );
  const ccBefore: Map<number, number>[] = [];
  const running = new Map<number, number>();
  for (const entry of planned) {
    ccBefore.push(new Map(running));
    for (const [pid, count] of entry.ts?.payloadPackets ?? [])
      running.set(pid, (running.get(pid) ?? 0) + count);
  }
  return {
    key: poolKey(spec),
    name: poolName(spec),
    spec,
    init,
    entries: planned,
    origin,
    timescales: new Map([...(init ? initTracks(init) : [])].map(([id, info]) => [id, info.timescale])),
    ccBefore,
    ccTotal: running,
    bytes: entries.reduce((sum, e) => sum + e.length, init?.length ?? 0),
  };
}

/** The bytes of ordinal `i` (≥ 0); fMP4 fragments get sequence number `fragmentNumber`. */
export function servePoolSegment(pool: Pool, i: number, fragmentNumber: number): Uint8Array {
  if (!Number.isInteger(i) || i < 0) throw new Error(`ordinal ${i}: expected a whole number ≥ 0`);
  const n = pool.entries.length;
  const j = i % n;
  const loops = Math.floor(i / n);
  const entry = pool.entries[j] as Pool["entries"][number];
  const d = pool.spec.segmentSeconds;
  // Entry j starts at render time (j + 1)·d; ordinal i must start at TIMELINE_OFFSET + i·d, and
  // i − j = loops·N, so the shift is the same for every entry of a loop.
  const shiftIn = (scale: number, origin: number) =>
    Math.round((TIMELINE_OFFSET_SECONDS - d) * scale) - origin + loops * Math.round(n * d * scale);
  if (entry.ts) {
    const ccStart = new Map<number, number>();
    const before = pool.ccBefore[j] as Map<number, number>;
    for (const [pid, total] of pool.ccTotal) ccStart.set(pid, (loops * total + (before.get(pid) ?? 0)) % 16);
    return patchTs(entry.data, entry.ts, shiftIn(90_000, pool.origin.ts ?? 0), ccStart);
  }
  const deltas = new Map<number, number>();
  for (const [track, scale] of pool.timescales)
    deltas.set(track, shiftIn(scale, pool.origin.tracks.get(track) ?? 0));
  return patchMp4(entry.data, entry.mp4 as Mp4Plan, deltas, fragmentNumber);
}

/** Seconds at which ordinal i's first frame is presented (what the ledger reports). */
export function ordinalStartSeconds(segmentSeconds: number, i: number): number {
  return TIMELINE_OFFSET_SECONDS + i * segmentSeconds;
}
