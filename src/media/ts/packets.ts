import type { PesArena } from "./pes-arena.ts";
import { TsDemuxError } from "./types.ts";

/**
 * MPEG-TS packets → whole PES packets of the H.264 and AAC streams the PMT names. Everything else (ID3
 * timed metadata, SCTE-35, unknown PIDs, PCR) is dropped.
 *
 * Corruption policy, for an HLS segment fetched whole over HTTP (so a damaged one is a damaged source, not
 * a lossy link): on the audio/video PIDs, a continuity-counter jump, a transport-error flag or a PES whose
 * declared length disagrees with the bytes that came means a packet was lost or garbled *inside* a frame.
 * Nothing in H.264 Annex B tells a torn NAL from a whole one, and a torn slice decodes as garbage until the
 * next IDR, so the segment is refused (TsDemuxError) and the caller records a gap instead. A repeated packet
 * (same counter, which the standard allows once) is skipped; a discontinuity flag resets the counter.
 *
 * Truncation (a dropped connection): a trailing partial packet is ignored. The last PES of each stream is
 * kept only when it is provably whole: a bounded PES (declared length, as audio always is) must have all its
 * bytes; an unbounded one (length 0, as video is) is kept only when the segment ends on a packet boundary,
 * since a cut inside the body would otherwise hand on a frame missing its tail.
 */

const PACKET = 188;
const SYNC = 0x47;
const STREAM_H264 = 0x1b;
const STREAM_AAC_ADTS = 0x0f;

export interface PesStreams {
  /** Whole PES packets (header included) of the H.264 stream, in order. */
  video: Uint8Array[];
  audio: Uint8Array[];
  /** Which streams the PMT declares. */
  declared: { video: boolean; audio: boolean };
  /** The stream whose PES started first in the segment (its timestamp anchors wrap handling). */
  first: "video" | "audio" | null;
  /** The input was cut short: it ended inside a packet, or a stream's last PES lacked bytes. */
  cut: boolean;
}

/** Collects one PID's PES as byte ranges of the input, so each PES is copied once, when it is complete. */
class PesAssembler {
  private ranges = new Int32Array(1024);
  private used = 0;
  private bytes = 0;
  private started = false;
  private cc = -1;
  readonly out: Uint8Array[] = [];
  /** The last PES was dropped as incomplete. */
  droppedTail = false;

  constructor(
    private readonly kind: string,
    private readonly arena: PesArena | null,
  ) {}

  /** False for a repeated packet (to be skipped). Throws on a lost one. */
  continuity(cc: number, discontinuity: boolean): boolean {
    const last = this.cc;
    this.cc = cc;
    if (last < 0 || discontinuity) return true;
    if (cc === last) return false;
    if (cc !== ((last + 1) & 0x0f)) throw new TsDemuxError(`${this.kind} packets lost (continuity counter)`);
    return true;
  }

  start(source: Buffer): void {
    if (this.started) this.finish(source, true, true);
    this.started = true;
  }

  add(from: number, to: number): void {
    if (!this.started || from >= to) return;
    if (this.used === this.ranges.length) {
      const grown = new Int32Array(this.ranges.length * 2);
      grown.set(this.ranges);
      this.ranges = grown;
    }
    this.ranges[this.used++] = from;
    this.ranges[this.used++] = to;
    this.bytes += to - from;
  }

  /** Closes the current PES: `followed` when a new one began after it, `whole` when the input was not cut. */
  finish(source: Buffer, followed: boolean, whole: boolean): void {
    if (!this.started) return;
    this.started = false;
    const pes = this.arena ? this.arena.take(this.bytes) : Buffer.allocUnsafe(this.bytes);
    for (let i = 0, at = 0; i < this.used; i += 2) {
      at += source.copy(pes, at, this.ranges[i] as number, this.ranges[i + 1] as number);
    }
    this.used = 0;
    this.bytes = 0;
    const declared = pes.length >= 6 ? ((pes[4] as number) << 8) | (pes[5] as number) : -1;
    const complete = declared > 0 ? pes.length === declared + 6 : declared === 0 && (followed || whole);
    if (complete) this.out.push(pes);
    else if (followed) throw new TsDemuxError(`${this.kind} PES length does not match its packets`);
    // Else: the stream's last PES, cut short by the end of the input, is dropped.
    else this.droppedTail = true;
  }
}

/**
 * Splits a TS segment into the PES packets of its H.264 and AAC streams. With an `arena`, the PES copies
 * are views of its buffer, valid until its next use.
 */
export function splitPes(data: Uint8Array, arena: PesArena | null = null): PesStreams {
  if (data.length > 0 && data[0] !== SYNC) throw new TsDemuxError("input does not start with a TS packet");
  const source = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const end = data.length - (data.length % PACKET);
  // Payloads are a part of the packets: the segment's length bounds what the PES copies need.
  arena?.reset(data.length);
  const video = new PesAssembler("video", arena);
  const audio = new PesAssembler("audio", arena);
  const pids = { pmt: -1, video: -1, audio: -1 };
  let first: PesStreams["first"] = null;
  for (let p = 0; p < end; p += PACKET) {
    if (data[p] !== SYNC) throw new TsDemuxError(`lost TS sync at byte ${p}`);
    const b1 = data[p + 1] as number;
    const pid = ((b1 & 0x1f) << 8) | (data[p + 2] as number);
    const b3 = data[p + 3] as number;
    const hasPayload = (b3 & 0x10) !== 0;
    let payload = p + 4;
    let discontinuity = false;
    if (b3 & 0x20) {
      const length = data[p + 4] as number;
      payload = p + 5 + length;
      discontinuity = length > 0 && ((data[p + 5] as number) & 0x80) !== 0;
    }
    if (pid === pids.video || pid === pids.audio) {
      const stream = pid === pids.video ? video : audio;
      if (b1 & 0x80)
        throw new TsDemuxError(`transport error flag on a ${pid === pids.video ? "video" : "audio"} packet`);
      if (!hasPayload) continue;
      if (payload > p + PACKET) throw new TsDemuxError(`adaptation field overflows packet at byte ${p}`);
      if (!stream.continuity(b3 & 0x0f, discontinuity)) continue;
      if (b1 & 0x40) {
        first ??= stream === video ? "video" : "audio";
        stream.start(source);
      }
      stream.add(payload, p + PACKET);
    } else if (hasPayload && b1 & 0x40 && payload < p + PACKET) {
      if (pid === 0 && pids.pmt < 0) pids.pmt = readPat(data, payload, p + PACKET);
      else if (pid === pids.pmt && pids.video < 0 && pids.audio < 0) readPmt(data, payload, p + PACKET, pids);
    }
  }
  const whole = end === data.length;
  video.finish(source, false, whole);
  audio.finish(source, false, whole);
  return {
    video: video.out,
    audio: audio.out,
    declared: { video: pids.video >= 0, audio: pids.audio >= 0 },
    first,
    cut: !whole || video.droppedTail || audio.droppedTail,
  };
}

/** The PMT PID of the first program in a PAT held in one packet (as HLS segments have it), or -1. */
function readPat(data: Uint8Array, payload: number, limit: number): number {
  const table = payload + 1 + (data[payload] as number);
  if (table + 8 > limit || data[table] !== 0x00) return -1;
  const sectionEnd = Math.min(
    table + 3 + ((((data[table + 1] as number) & 0x0f) << 8) | (data[table + 2] as number)) - 4,
    limit,
  );
  for (let at = table + 8; at + 4 <= sectionEnd; at += 4) {
    const program = ((data[at] as number) << 8) | (data[at + 1] as number);
    if (program !== 0) return (((data[at + 2] as number) & 0x1f) << 8) | (data[at + 3] as number);
  }
  return -1;
}

/** Takes the first H.264 and the first ADTS AAC stream of a PMT held in one packet. */
function readPmt(
  data: Uint8Array,
  payload: number,
  limit: number,
  pids: { pmt: number; video: number; audio: number },
): void {
  const table = payload + 1 + (data[payload] as number);
  if (table + 12 > limit || data[table] !== 0x02) return;
  const sectionEnd = Math.min(
    table + 3 + ((((data[table + 1] as number) & 0x0f) << 8) | (data[table + 2] as number)) - 4,
    limit,
  );
  let at = table + 12 + ((((data[table + 10] as number) & 0x0f) << 8) | (data[table + 11] as number));
  while (at + 5 <= sectionEnd) {
    const type = data[at] as number;
    const pid = (((data[at + 1] as number) & 0x1f) << 8) | (data[at + 2] as number);
    // PIDs 0 and the PMT's own cannot carry media; a corrupt table naming them is ignored.
    const usable = pid !== 0 && pid !== pids.pmt && pid !== pids.video && pid !== pids.audio;
    if (usable && type === STREAM_H264 && pids.video < 0) pids.video = pid;
    else if (usable && type === STREAM_AAC_ADTS && pids.audio < 0) pids.audio = pid;
    at += 5 + ((((data[at + 3] as number) & 0x0f) << 8) | (data[at + 4] as number));
  }
}
