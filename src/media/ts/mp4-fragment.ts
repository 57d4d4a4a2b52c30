import { trackIds } from "./tracks.ts";
import type { AudioSample, TsSegment, VideoSample } from "./types.ts";

/**
 * One fragment (moof + mdat) for a whole demuxed segment. The moof is written into one buffer whose size
 * is known up front; the mdat is its 8-byte header followed by the samples' own views, so the caller can
 * writev it without the media ever being copied again.
 *
 * Layout: mfhd; traf video (tfhd default-base-is-moof, tfdt v1, trun v1: duration, size, flags, signed
 * composition offset per sample); traf audio (tfhd with default duration 1024 and sync flags, tfdt v1,
 * trun: size per sample). Video data comes first in the mdat, then audio.
 */

const CLOCK = 90_000;
const DEFAULT_BASE_IS_MOOF = 0x020000;
const SYNC_SAMPLE = 0x02000000; // sample_depends_on = 2 (no other sample)
const NON_SYNC_SAMPLE = 0x01010000; // depends on others, is_non_sync_sample
const VIDEO_TRAF_FIXED = 8 + 16 + 20 + 20;
const AUDIO_TRAF_FIXED = 8 + 24 + 20 + 20;

export function tsFragment(
  seg: TsSegment,
  offsetTicks90k: number,
  sequence: number,
): { moof: Uint8Array; mdat: Uint8Array[] } {
  const ids = trackIds(seg);
  const video = seg.video && seg.video.samples.length > 0 ? seg.video.samples : null;
  const audio = seg.audio && seg.audio.samples.length > 0 ? seg.audio : null;
  const videoTraf = video ? VIDEO_TRAF_FIXED + 16 * video.length : 0;
  const audioTraf = audio ? AUDIO_TRAF_FIXED + 4 * audio.samples.length : 0;
  const moofSize = 8 + 16 + videoTraf + audioTraf;
  const moof = new Uint8Array(moofSize);
  const v = new DataView(moof.buffer);
  const mdat: Uint8Array[] = [new Uint8Array(8)];
  let mdatSize = 8;

  let at = boxHeader(v, 0, moofSize, "moof");
  at = boxHeader(v, at, 16, "mfhd");
  v.setUint32(at + 4, sequence);
  at += 8;

  if (video) {
    const base = Math.round((video[0] as VideoSample).dts + offsetTicks90k);
    at = trafHeader(v, at, videoTraf, ids.video, DEFAULT_BASE_IS_MOOF, base);
    at = boxHeader(v, at, 20 + 16 * video.length, "trun");
    v.setUint32(at, 0x01000f01); // version 1; data offset, duration, size, flags, composition offset
    v.setUint32(at + 4, video.length);
    v.setUint32(at + 8, moofSize + mdatSize);
    at += 12;
    for (const sample of video) {
      v.setUint32(at, sample.duration);
      v.setUint32(at + 4, sample.size);
      v.setUint32(at + 8, sample.key ? SYNC_SAMPLE : NON_SYNC_SAMPLE);
      v.setInt32(at + 12, sample.pts - sample.dts);
      at += 16;
      for (const part of sample.data) mdat.push(part);
      mdatSize += sample.size;
    }
  }

  if (audio) {
    const { sampleRate } = audio.config;
    const samples = audio.samples;
    const base = Math.round((((samples[0] as AudioSample).pts + offsetTicks90k) * sampleRate) / CLOCK);
    at = trafHeader(v, at, audioTraf, ids.audio, DEFAULT_BASE_IS_MOOF | 0x08 | 0x20, base);
    // tfhd defaults, in the order the flags define them: sample duration, sample flags.
    v.setUint32(at - 28, 1024);
    v.setUint32(at - 24, SYNC_SAMPLE);
    at = boxHeader(v, at, 20 + 4 * samples.length, "trun");
    v.setUint32(at, 0x00000201); // data offset, size
    v.setUint32(at + 4, samples.length);
    v.setUint32(at + 8, moofSize + mdatSize);
    at += 12;
    for (const sample of samples) {
      v.setUint32(at, sample.data.length);
      at += 4;
      mdat.push(sample.data);
      mdatSize += sample.data.length;
    }
  }

  const header = mdat[0] as Uint8Array;
  new DataView(header.buffer).setUint32(0, mdatSize);
  header.set([0x6d, 0x64, 0x61, 0x74], 4); // "mdat"
  return { moof, mdat };
}

function boxHeader(v: DataView, at: number, size: number, type: string): number {
  v.setUint32(at, size);
  for (let i = 0; i < 4; i++) v.setUint8(at + 4 + i, type.charCodeAt(i));
  return at + 8;
}

/** traf, tfhd (room left for the defaults `flags` asks for) and tfdt v1; returns where the trun goes. */
function trafHeader(
  v: DataView,
  at: number,
  size: number,
  trackId: number,
  flags: number,
  base: number,
): number {
  if (!(base >= 0) || base > Number.MAX_SAFE_INTEGER)
    throw new RangeError(`fragment would start at ${base}: the offset puts it before time zero`);
  at = boxHeader(v, at, size, "traf");
  const defaults = (flags & 0x08 ? 4 : 0) + (flags & 0x20 ? 4 : 0);
  at = boxHeader(v, at, 16 + defaults, "tfhd");
  v.setUint32(at, flags);
  v.setUint32(at + 4, trackId);
  at += 8 + defaults;
  at = boxHeader(v, at, 20, "tfdt");
  v.setUint32(at, 0x01000000); // version 1: 64-bit time
  v.setBigUint64(at + 4, BigInt(base));
  return at + 12;
}
