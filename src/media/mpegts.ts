/**
 * MPEG-TS timestamps, read and moved in place. The recorder lays each content segment onto one continuous
 * timeline (skipped ads and lost segments leave no hole in the file), which only needs the PES PTS/DTS and
 * the adaptation-field PCR rewritten: a few bytes per packet, no demuxing.
 */

const PACKET = 188;
const SYNC = 0x47;
/** Timestamps are 33-bit counts of a 90 kHz clock. */
export const TS_CLOCK = 90_000;
const WRAP = 2 ** 33;

export class MpegTsError extends Error {
  override name = "MpegTsError";
}

export interface StreamSpan {
  /** First decode time. */
  first: number;
  /** Where the stream ends: last decode time plus one average step (the last packet's duration). */
  end: number;
}

export interface TsTimestamps {
  /** Smallest decode time (DTS, else PTS) in the segment, 90 kHz, unwrapped relative to the first one seen. */
  start: number;
  /** Largest presentation time in the segment, same scale. */
  end: number;
  video: StreamSpan | null;
  audio: StreamSpan | null;
}

/**
 * Why a TS body cannot be whole (it does not start on a packet, or ends inside one: a cache or an edge that
 * served a partial object with a 200), or null. Twitch's segments are always whole packets.
 */
export function notWholePackets(data: Uint8Array): string | null {
  if (data.length === 0 || data[0] !== SYNC) return "the body does not start with a TS packet";
  if (data.length % PACKET !== 0) return `the body ends inside a TS packet (${data.length} bytes)`;
  return null;
}

/** Reads a segment's timestamps, per stream kind. Null when it holds no timestamped PES. */
export function scanTimestamps(data: Uint8Array): TsTimestamps | null {
  let origin: number | null = null;
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const video: number[] = [];
  const audio: number[] = [];
  // The last audio PES's payload: its ADTS frames say exactly how long the audio runs.
  let audioPid = -1;
  let lastAudioPayload: Uint8Array[] = [];
  forEachPacket(data, (offset) => {
    const pid = (((data[offset + 1] as number) & 0x1f) << 8) | (data[offset + 2] as number);
    const pusi = (data[offset + 1] as number) & 0x40;
    const afc = ((data[offset + 3] as number) >> 4) & 0x3;
    if (!(afc & 0x1)) return;
    let payload = afc & 0x2 ? offset + 5 + (data[offset + 4] as number) : offset + 4;
    if (pusi && payload + 14 <= offset + PACKET) {
      const pes = readPesHeader(data, payload);
      if (pes) {
        origin ??= pes.dts ?? pes.pts;
        const unwrap = (t: number) => (origin as number) + signedDiff(t, origin as number);
        const decode = unwrap(pes.dts ?? pes.pts);
        start = Math.min(start, decode);
        end = Math.max(end, unwrap(pes.pts));
        if (pes.streamId >= 0xe0 && pes.streamId <= 0xef) video.push(decode);
        else if (pes.streamId >= 0xc0 && pes.streamId <= 0xdf) {
          audio.push(decode);
          audioPid = pid;
          lastAudioPayload = [];
          payload += 9 + (data[payload + 8] as number);
        }
      }
    }
    if (pid === audioPid && payload < offset + PACKET)
      lastAudioPayload.push(data.subarray(payload, offset + PACKET));
  });
  if (origin === null) return null;
  const audioSpan = span(audio);
  const adts = adtsDuration(lastAudioPayload);
  if (audioSpan && adts !== null) audioSpan.end = (audio[audio.length - 1] as number) + adts;
  return { start, end, video: span(video), audio: audioSpan };
}

function span(times: number[]): StreamSpan | null {
  if (times.length === 0) return null;
  const first = times[0] as number;
  const last = times[times.length - 1] as number;
  const step = times.length > 1 ? (last - first) / (times.length - 1) : 0;
  return { first, end: last + step };
}

const ADTS_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

/** Duration (90 kHz) of the AAC frames in one PES payload, or null when it is not ADTS. */
function adtsDuration(parts: Uint8Array[]): number | null {
  const bytes = Buffer.concat(parts);
  let at = 0;
  let frames = 0;
  let rate = 0;
  while (at + 7 <= bytes.length && bytes[at] === 0xff && ((bytes[at + 1] as number) & 0xf0) === 0xf0) {
    rate = ADTS_RATES[((bytes[at + 2] as number) >> 2) & 0x0f] ?? 0;
    const length =
      (((bytes[at + 3] as number) & 0x03) << 11) |
      ((bytes[at + 4] as number) << 3) |
      ((bytes[at + 5] as number) >> 5);
    if (length < 7 || rate === 0) return null;
    frames += ((bytes[at + 6] as number) & 0x03) + 1;
    at += length;
  }
  return frames > 0 ? (frames * 1024 * TS_CLOCK) / rate : null;
}

/** Adds `delta` (90 kHz ticks, may be negative) to every PTS, DTS and PCR, in place, modulo 2^33. */
export function shiftTimestamps(data: Uint8Array, delta: number): void {
  const shift = (t: number) => (((t + delta) % WRAP) + WRAP) % WRAP;
  forEachPacket(data, (offset) => {
    const afc = ((data[offset + 3] as number) >> 4) & 0x3;
    let payload = offset + 4;
    if (afc & 0x2) {
      const afLength = data[offset + 4] as number;
      if (afLength > 0 && (data[offset + 5] as number) & 0x10 && afLength >= 7) {
        const at = offset + 6;
        writePcrBase(data, at, shift(readPcrBase(data, at)));
      }
      payload = offset + 5 + afLength;
    }
    const pusi = (data[offset + 1] as number) & 0x40;
    if (!pusi || !(afc & 0x1) || payload + 14 > offset + PACKET) return;
    const pes = readPesHeader(data, payload);
    if (!pes) return;
    writeTimestamp(data, payload + 9, shift(pes.pts), pes.dts === null ? 0x2 : 0x3);
    if (pes.dts !== null && payload + 19 <= offset + PACKET)
      writeTimestamp(data, payload + 14, shift(pes.dts), 0x1);
  });
}

interface Pes {
  streamId: number;
  pts: number;
  dts: number | null;
}

function forEachPacket(data: Uint8Array, visit: (offset: number) => void): void {
  if (data.length % PACKET !== 0 && data[0] !== SYNC) throw new MpegTsError("not an MPEG-TS segment");
  for (let offset = 0; offset + PACKET <= data.length; offset += PACKET) {
    if (data[offset] !== SYNC) throw new MpegTsError(`lost sync at byte ${offset}`);
    visit(offset);
  }
}

function readPesHeader(data: Uint8Array, at: number): Pes | null {
  if (data[at] !== 0 || data[at + 1] !== 0 || data[at + 2] !== 1) return null;
  const streamId = data[at + 3] as number;
  // Only audio, video and private streams carry the optional PES header with timestamps.
  if (!(streamId >= 0xc0 && streamId <= 0xef) && streamId !== 0xbd) return null;
  const flags = (data[at + 7] as number) >> 6;
  if (!(flags & 0x2)) return null;
  return {
    streamId,
    pts: readTimestamp(data, at + 9),
    dts: flags === 0x3 ? readTimestamp(data, at + 14) : null,
  };
}

function readTimestamp(data: Uint8Array, at: number): number {
  const b = (i: number) => data[at + i] as number;
  return ((b(0) >> 1) & 0x07) * 2 ** 30 + (((b(1) << 8) | b(2)) >> 1) * 2 ** 15 + (((b(3) << 8) | b(4)) >> 1);
}

function writeTimestamp(data: Uint8Array, at: number, value: number, prefix: number): void {
  const high = Math.floor(value / 2 ** 30) & 0x07;
  const mid = Math.floor(value / 2 ** 15) & 0x7fff;
  const low = value & 0x7fff;
  data[at] = (prefix << 4) | (high << 1) | 1;
  data[at + 1] = mid >> 7;
  data[at + 2] = ((mid & 0x7f) << 1) | 1;
  data[at + 3] = low >> 7;
  data[at + 4] = ((low & 0x7f) << 1) | 1;
}

function readPcrBase(data: Uint8Array, at: number): number {
  const b = (i: number) => data[at + i] as number;
  return b(0) * 2 ** 25 + b(1) * 2 ** 17 + b(2) * 2 ** 9 + b(3) * 2 + (b(4) >> 7);
}

function writePcrBase(data: Uint8Array, at: number, base: number): void {
  data[at] = Math.floor(base / 2 ** 25) & 0xff;
  data[at + 1] = Math.floor(base / 2 ** 17) & 0xff;
  data[at + 2] = Math.floor(base / 2 ** 9) & 0xff;
  data[at + 3] = Math.floor(base / 2) & 0xff;
  data[at + 4] = ((base & 1) << 7) | ((data[at + 4] as number) & 0x7f);
}

/** b − a on the 33-bit circle, in (−2^32, 2^32]. */
export function signedDiff(b: number, a: number): number {
  let d = (b - a) % WRAP;
  if (d > WRAP / 2) d -= WRAP;
  if (d <= -WRAP / 2) d += WRAP;
  return d;
}
