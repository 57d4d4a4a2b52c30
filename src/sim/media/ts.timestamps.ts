/**
 * MPEG-TS timestamp rewriting by byte patching: a segment rendered once is served as any broadcast
 * sequence by shifting every PES PTS/DTS and PCR by the same delta (90 kHz, modulo 2^33) and renumbering
 * the continuity counters so they run on from the previous segment. `planTs` finds the fields once per
 * pool entry; `patchTs` copies the bytes and rewrites only those fields.
 */

export const TS_PACKET = 188;
const NULL_PID = 0x1fff;
const WRAP = 2 ** 33;

export interface TsPlan {
  /** Offsets of 5-byte PTS/DTS fields. */
  timestamps: Uint32Array;
  /** Offsets of 6-byte PCR fields. */
  pcrs: Uint32Array;
  /** First PTS of the first video stream, else of the first audio stream (90 kHz). */
  firstPts: number;
  /** Per PID, how many packets carry payload (each advances the continuity counter). */
  payloadPackets: Map<number, number>;
}

export function planTs(data: Uint8Array): TsPlan {
  if (data.length % TS_PACKET !== 0) throw new Error(`MPEG-TS: ${data.length} bytes is not whole packets`);
  const timestamps: number[] = [];
  const pcrs: number[] = [];
  const payloadPackets = new Map<number, number>();
  let firstVideo: number | null = null;
  let firstAudio: number | null = null;
  for (let o = 0; o < data.length; o += TS_PACKET) {
    if (data[o] !== 0x47) throw new Error(`MPEG-TS: no sync byte at ${o}`);
    const pid = (((data[o + 1] as number) & 0x1f) << 8) | (data[o + 2] as number);
    if (pid === NULL_PID) continue;
    const pusi = ((data[o + 1] as number) & 0x40) !== 0;
    const afc = ((data[o + 3] as number) >> 4) & 3;
    let payload = o + 4;
    if (afc & 2) {
      const length = data[o + 4] as number;
      if (length > 0 && ((data[o + 5] as number) & 0x10) !== 0) pcrs.push(o + 6);
      payload += 1 + length;
    }
    if (!(afc & 1)) continue;
    payloadPackets.set(pid, (payloadPackets.get(pid) ?? 0) + 1);
    if (!pusi || data[payload] !== 0 || data[payload + 1] !== 0 || data[payload + 2] !== 1) continue;
    const streamId = data[payload + 3] as number;
    const flags = (data[payload + 7] as number) >> 6;
    if (flags < 2) continue;
    if (payload + 19 > o + TS_PACKET) throw new Error(`MPEG-TS: PES header split across packets at ${o}`);
    timestamps.push(payload + 9);
    if (flags === 3) timestamps.push(payload + 14);
    const pts = readTimestamp(data, payload + 9);
    if (streamId >= 0xe0 && streamId <= 0xef) firstVideo ??= pts;
    else if (streamId >= 0xc0 && streamId <= 0xdf) firstAudio ??= pts;
  }
  const firstPts = firstVideo ?? firstAudio;
  if (firstPts === null) throw new Error("MPEG-TS: no timestamped audio or video");
  return { timestamps: Uint32Array.from(timestamps), pcrs: Uint32Array.from(pcrs), firstPts, payloadPackets };
}

/**
 * A copy of `data` with every PTS/DTS/PCR moved by `delta` ticks and the continuity counter of each PID
 * starting at `ccStart.get(pid)` (0 when absent).
 */
export function patchTs(
  data: Uint8Array,
  plan: TsPlan,
  delta: number,
  ccStart: Map<number, number>,
): Uint8Array {
  const out = data.slice();
  for (const at of plan.timestamps) writeTimestamp(out, at, wrap33(readTimestamp(out, at) + delta));
  for (const at of plan.pcrs) {
    const { base, extension } = readPcr(out, at);
    writePcr(out, at, wrap33(base + delta), extension);
  }
  const next = new Map<number, number>();
  for (let o = 0; o < out.length; o += TS_PACKET) {
    const pid = (((out[o + 1] as number) & 0x1f) << 8) | (out[o + 2] as number);
    if (pid === NULL_PID) continue;
    const hasPayload = ((out[o + 3] as number) & 0x10) !== 0;
    const counter = next.get(pid) ?? ccStart.get(pid) ?? 0;
    // Adaptation-only packets repeat the previous counter instead of advancing it.
    const cc = hasPayload ? counter : counter - 1;
    out[o + 3] = ((out[o + 3] as number) & 0xf0) | (cc & 0x0f);
    if (hasPayload) next.set(pid, counter + 1);
  }
  return out;
}

export function wrap33(value: number): number {
  return ((value % WRAP) + WRAP) % WRAP;
}

/** A 33-bit PES timestamp from its 5-byte field (marker bits skipped). */
export function readTimestamp(b: Uint8Array, at: number): number {
  const high = ((b[at] as number) >> 1) & 0x07;
  const mid = ((b[at + 1] as number) << 7) | ((b[at + 2] as number) >> 1);
  const low = ((b[at + 3] as number) << 7) | ((b[at + 4] as number) >> 1);
  return high * 2 ** 30 + mid * 2 ** 15 + low;
}

/** Writes a 33-bit timestamp, keeping the field's 4-bit prefix and setting the marker bits. */
export function writeTimestamp(b: Uint8Array, at: number, value: number): void {
  const high = Math.floor(value / 2 ** 30) & 0x07;
  const mid = Math.floor(value / 2 ** 15) & 0x7fff;
  const low = value % 2 ** 15;
  b[at] = ((b[at] as number) & 0xf0) | (high << 1) | 1;
  b[at + 1] = mid >> 7;
  b[at + 2] = ((mid & 0x7f) << 1) | 1;
  b[at + 3] = low >> 7;
  b[at + 4] = ((low & 0x7f) << 1) | 1;
}

export function readPcr(b: Uint8Array, at: number): { base: number; extension: number } {
  const base =
    (b[at] as number) * 2 ** 25 +
    (b[at + 1] as number) * 2 ** 17 +
    (b[at + 2] as number) * 2 ** 9 +
    (b[at + 3] as number) * 2 +
    ((b[at + 4] as number) >> 7);
  const extension = (((b[at + 4] as number) & 0x01) << 8) | (b[at + 5] as number);
  return { base, extension };
}

export function writePcr(b: Uint8Array, at: number, base: number, extension: number): void {
  b[at] = Math.floor(base / 2 ** 25) & 0xff;
  b[at + 1] = Math.floor(base / 2 ** 17) & 0xff;
  b[at + 2] = Math.floor(base / 2 ** 9) & 0xff;
  b[at + 3] = Math.floor(base / 2) % 256;
  b[at + 4] = ((base % 2) << 7) | 0x7e | ((extension >> 8) & 0x01);
  b[at + 5] = extension & 0xff;
}
