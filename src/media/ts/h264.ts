import { avcConfig } from "./sps.ts";
import { type AvcConfig, TsDemuxError, type VideoSample } from "./types.ts";

/**
 * H.264 access units (one per PES, as HLS packs them) from Annex B to AVCC samples: parameter sets move
 * to the avcC, access unit delimiters and filler go, everything else (SEI, slices) stays. The PES buffer
 * belongs to the demuxer, so a 4-byte start code is overwritten in place with the NAL's length: the sample
 * is then views of that buffer with no copy; only a NAL after a 3-byte start code needs a 4-byte header of
 * its own.
 */

const START_CODE = Buffer.from([0, 0, 1]);
const NAL_IDR = 5;
const NAL_SPS = 7;
const NAL_PPS = 8;
const NAL_AUD = 9;
const NAL_FILLER = 12;
/** A stream needs at most a handful; more means the bytes are not H.264. */
const MAX_PPS = 32;

export class VideoTrack {
  readonly samples: VideoSample[] = [];
  private sps: Buffer | null = null;
  private readonly pps: Buffer[] = [];

  /**
   * Adds the access unit in `pes` from `from` (its PES header before that is already read and may be
   * overwritten). Times are unwrapped 90 kHz ticks. An access unit without a slice (parameter sets only)
   * gives no sample.
   */
  addAccessUnit(pes: Buffer, from: number, pts: number, dts: number): void {
    const data: Uint8Array[] = [];
    let size = 0;
    let key = false;
    let slices = 0;
    // Bytes before `free` belong to a kept NAL; a length may be written from there on.
    let free = 0;
    let code = pes.indexOf(START_CODE, from);
    while (code >= 0) {
      const start = code + 3;
      const next = pes.indexOf(START_CODE, start);
      let end = next < 0 ? pes.length : next;
      // Zero bytes before a start code are its 4th byte or trailing_zero_8bits, not part of the NAL.
      while (end > start && pes[end - 1] === 0) end--;
      code = next;
      if (end === start) continue;
      const type = (pes[start] as number) & 0x1f;
      if (type === NAL_SPS) this.takeSps(pes.subarray(start, end));
      else if (type === NAL_PPS) this.takePps(pes.subarray(start, end));
      if (type === NAL_SPS || type === NAL_PPS || type === NAL_AUD || type === NAL_FILLER) continue;
      if (type === NAL_IDR) key = true;
      if (type >= 1 && type <= 5) slices++;
      const length = end - start;
      if (start - 4 >= free) {
        pes.writeUInt32BE(length, start - 4);
        data.push(pes.subarray(start - 4, end));
      } else {
        const header = new Uint8Array(4);
        new DataView(header.buffer).setUint32(0, length);
        data.push(header, pes.subarray(start, end));
      }
      size += 4 + length;
      free = end;
    }
    if (slices > 0) this.samples.push({ dts, pts, key, duration: 0, size, data });
  }

  private takeSps(nal: Buffer): void {
    if (!this.sps) this.sps = Buffer.from(nal);
    // One segment, one configuration: a different SPS mid-segment would need a second sample entry (and
    // part), and Twitch only changes resolution at segment boundaries, so it is refused rather than split.
    else if (!this.sps.equals(nal)) throw new TsDemuxError("SPS changes within the segment");
  }

  private takePps(nal: Buffer): void {
    if (this.pps.some((p) => p.equals(nal))) return;
    if (this.pps.length >= MAX_PPS) throw new TsDemuxError("too many distinct PPS in the segment");
    this.pps.push(Buffer.from(nal));
  }

  /**
   * The track, durations filled in, or null without samples. `cut`: the input ended early, so frames
   * after the last one here are missing and the tail is trimmed to a closed set (see closedPrefix).
   */
  finish(cut: boolean): { config: AvcConfig; samples: VideoSample[] } | null {
    const samples = this.samples;
    if (samples.length === 0) return null;
    if (!this.sps || this.pps.length === 0) throw new TsDemuxError("video without SPS/PPS");
    for (let i = 0; i + 1 < samples.length; i++) {
      const sample = samples[i] as VideoSample;
      sample.duration = (samples[i + 1] as VideoSample).dts - sample.dts;
      if (sample.duration <= 0) throw new TsDemuxError("video decode times do not increase");
      if (Math.abs(sample.pts - sample.dts) >= 2 ** 31)
        throw new TsDemuxError("video pts is far from its dts");
    }
    const last = samples[samples.length - 1] as VideoSample;
    // No next frame to measure against: assume the previous frame's length (or one frame at 30 fps).
    last.duration = samples.length > 1 ? (samples[samples.length - 2] as VideoSample).duration : 3000;
    if (cut) samples.length = closedPrefix(samples);
    if (samples.length === 0) return null;
    return { config: avcConfig(this.sps, this.pps), samples };
  }
}

/**
 * How many leading samples (decode order) form a whole stretch of pictures. With B-frames a cut in decode
 * order leaves a reference frame whose B-frames, shown before it, were lost: its picture would show after
 * the gap they leave, where the next segment's first pictures go. A complete segment shows every picture
 * before its decode end plus the reorder delay (pts − dts of the first frame), so the tail is trimmed until
 * that holds again.
 */
function closedPrefix(samples: VideoSample[]): number {
  const first = samples[0] as VideoSample;
  const delay = first.pts - first.dts;
  for (let n = samples.length; n > 0; n--) {
    const last = samples[n - 1] as VideoSample;
    const bound = last.dts + last.duration + delay;
    let closed = true;
    for (let i = 0; i < n && closed; i++) closed = (samples[i] as VideoSample).pts < bound;
    if (closed) return n;
  }
  return 0;
}
