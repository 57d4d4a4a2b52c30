import { durationFields, makeBox, readInit } from "../../src/media/mp4-boxes.ts";
import { scanTimestamps, TS_CLOCK } from "../../src/media/mpegts.ts";

/**
 * Just enough media for the recorder to handle without decoding anything: MPEG-TS segments that carry
 * timestamps (video PES headers, no pictures), and the fragmented MP4 a copy-remux of them gives.
 */

const PACKET = 188;

/** A TS segment whose video runs from `startSeconds` for `seconds` (two PES headers, half apart). */
export function tsSegment(startSeconds: number, seconds = 2): Uint8Array {
  const start = Math.round(startSeconds * TS_CLOCK);
  const half = Math.round((seconds * TS_CLOCK) / 2);
  const out = new Uint8Array(PACKET * 2);
  for (const [i, time] of [start, start + half].entries()) {
    pesPacket(out.subarray(i * PACKET, (i + 1) * PACKET), time, i);
  }
  return out;
}

function pesPacket(packet: Uint8Array, time: number, counter: number): void {
  packet.fill(0xff);
  packet.set([0x47, 0x41, 0x00, 0x10 | (counter & 0x0f)], 0);
  // PES: start code, video stream, length 0, PTS and DTS (10 header bytes).
  packet.set([0x00, 0x00, 0x01, 0xe0, 0x00, 0x00, 0x80, 0xc0, 0x0a], 4);
  timestamp(packet, 13, time, 0x3);
  timestamp(packet, 18, time, 0x1);
}

function timestamp(data: Uint8Array, at: number, value: number, prefix: number): void {
  const high = Math.floor(value / 2 ** 30) & 0x07;
  const mid = Math.floor(value / 2 ** 15) & 0x7fff;
  const low = value & 0x7fff;
  data.set(
    [(prefix << 4) | (high << 1) | 1, mid >> 7, ((mid & 0x7f) << 1) | 1, low >> 7, ((low & 0x7f) << 1) | 1],
    at,
  );
}

const u32 = (...values: number[]) => {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (const [i, v] of values.entries()) view.setUint32(i * 4, v);
  return out;
};
const text = (s: string) => new TextEncoder().encode(s);

/** ftyp + moov of one video track at 90 kHz (no sample entry: nothing here decodes). */
export function fmp4Init(): Uint8Array {
  const mvhd = makeBox("mvhd", u32(0, 0, 0, TS_CLOCK, 0), new Uint8Array(80));
  const tkhd = makeBox("tkhd", u32(0, 0, 0, 1, 0, 0), new Uint8Array(60));
  const mdhd = makeBox("mdhd", u32(0, 0, 0, TS_CLOCK, 0, 0));
  const hdlr = makeBox("hdlr", u32(0, 0), text("vide"), new Uint8Array(13));
  const trak = makeBox("trak", tkhd, makeBox("mdia", mdhd, hdlr));
  const mvex = makeBox("mvex", makeBox("trex", u32(0, 1, 1, 0, 0, 0)));
  const init = new Uint8Array([
    ...makeBox("ftyp", text("iso5"), u32(0), text("iso5")),
    ...makeBox("moov", mvhd, trak, mvex),
  ]);
  readInit(init);
  return init;
}

/** One fragment (moof + mdat) of track 1 covering [start, start + duration) in 90 kHz ticks. */
export function fmp4Fragment(start: number, duration: number, payload: Uint8Array): Uint8Array {
  const tfdt = new Uint8Array(12);
  tfdt[0] = 1;
  new DataView(tfdt.buffer).setBigUint64(4, BigInt(start));
  const traf = makeBox(
    "traf",
    makeBox("tfhd", u32(0, 1)),
    makeBox("tfdt", tfdt),
    makeBox("trun", u32(0x100, 1, duration)),
  );
  const moof = makeBox("moof", makeBox("mfhd", u32(0, 0)), traf);
  return new Uint8Array([...moof, ...makeBox("mdat", payload)]);
}

/** What ffmpeg's copy-remux makes of one TS segment: a fragment over the same times. */
export function remuxed(segment: Uint8Array): Uint8Array {
  const times = scanTimestamps(segment);
  if (!times?.video) throw new Error("not a segment of tests/fakes/media.ts");
  return fmp4Fragment(times.video.first, times.video.end - times.video.first, segment.subarray(0, 16));
}

/** The duration an MP4 file's header gives (mvhd), in seconds: what ffprobe reads of a finished part. */
export function headerSeconds(file: Uint8Array): number {
  const { movieTimescale } = readInit(file);
  const { mvhdAt } = durationFields(file);
  return new DataView(file.buffer, file.byteOffset, file.byteLength).getUint32(mvhdAt) / movieTimescale;
}
