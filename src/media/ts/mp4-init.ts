import { makeBox } from "../mp4-boxes.ts";
import { trackIds } from "./tracks.ts";
import type { AacConfig, AvcConfig, TsSegment } from "./types.ts";

/**
 * The init section (ftyp + moov) of a fragmented MP4 for a demuxed segment's tracks: no samples in the
 * moov, durations 0, an mvex with a trex per track so the fragments that follow carry everything.
 */

const MOVIE_TIMESCALE = 1000;
const VIDEO_TIMESCALE = 90_000;

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function fields(size: number, write: (v: DataView, b: Uint8Array) => void): Uint8Array {
  const bytes = new Uint8Array(size);
  write(new DataView(bytes.buffer), bytes);
  return bytes;
}

/** A full box: version and flags, then the body. */
function fullBox(type: string, version: number, flags: number, ...body: Uint8Array[]): Uint8Array {
  const head = fields(4, (v) => v.setUint32(0, ((version << 24) | flags) >>> 0));
  return makeBox(type, head, ...body);
}

const UNITY_MATRIX = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000];

function writeMatrix(v: DataView, at: number): void {
  for (let i = 0; i < UNITY_MATRIX.length; i++) v.setUint32(at + i * 4, UNITY_MATRIX[i] as number);
}

function mvhd(nextTrackId: number): Uint8Array {
  return fullBox(
    "mvhd",
    0,
    0,
    fields(96, (v) => {
      v.setUint32(8, MOVIE_TIMESCALE);
      v.setUint32(16, 0x00010000); // rate 1.0
      v.setUint16(20, 0x0100); // volume 1.0
      writeMatrix(v, 32);
      v.setUint32(92, nextTrackId);
    }),
  );
}

function tkhd(trackId: number, audio: boolean, width: number, height: number): Uint8Array {
  // Flags: enabled, in movie, in preview.
  return fullBox(
    "tkhd",
    0,
    0x7,
    fields(80, (v) => {
      v.setUint32(8, trackId);
      if (audio) v.setUint16(32, 0x0100);
      writeMatrix(v, 36);
      v.setUint32(72, width << 16);
      v.setUint32(76, height << 16);
    }),
  );
}

function mdia(
  timescale: number,
  handler: "vide" | "soun",
  header: Uint8Array,
  entry: Uint8Array,
): Uint8Array {
  const mdhd = fullBox(
    "mdhd",
    0,
    0,
    fields(20, (v) => {
      v.setUint32(8, timescale);
      v.setUint16(16, 0x55c4); // language "und"
    }),
  );
  const name = handler === "vide" ? "VideoHandler" : "SoundHandler";
  const hdlr = fullBox(
    "hdlr",
    0,
    0,
    new Uint8Array(4),
    ascii(handler),
    new Uint8Array(12),
    ascii(`${name}\0`),
  );
  const dref = fullBox(
    "dref",
    0,
    0,
    fields(4, (v) => v.setUint32(0, 1)),
    fullBox("url ", 0, 1),
  );
  const empty = (type: string, extra = 0) => fullBox(type, 0, 0, new Uint8Array(4 + extra));
  const stbl = makeBox(
    "stbl",
    fullBox(
      "stsd",
      0,
      0,
      fields(4, (v) => v.setUint32(0, 1)),
      entry,
    ),
    empty("stts"),
    empty("stsc"),
    empty("stsz", 4),
    empty("stco"),
  );
  return makeBox("mdia", mdhd, hdlr, makeBox("minf", header, makeBox("dinf", dref), stbl));
}

function avc1(config: AvcConfig): Uint8Array {
  const entry = fields(78, (v) => {
    v.setUint16(6, 1); // data_reference_index
    v.setUint16(24, config.width);
    v.setUint16(26, config.height);
    v.setUint32(28, 0x00480000); // 72 dpi
    v.setUint32(32, 0x00480000);
    v.setUint16(40, 1); // frame_count
    v.setUint16(74, 0x0018); // depth
    v.setInt16(76, -1);
  });
  return makeBox("avc1", entry, makeBox("avcC", config.avcC));
}

/** A descriptor of the esds tree (tag, one-byte length: every one here is under 128 bytes). */
const descriptor = (tag: number, ...body: Uint8Array[]) => {
  const length = body.reduce((n, b) => n + b.length, 0);
  return Uint8Array.from([tag, length, ...body.flatMap((b) => [...b])]);
};

function mp4a(config: AacConfig, trackId: number): Uint8Array {
  const entry = fields(28, (v) => {
    v.setUint16(6, 1); // data_reference_index
    v.setUint16(16, config.channels);
    v.setUint16(18, 16); // sample size
    v.setUint32(24, (config.sampleRate << 16) >>> 0);
  });
  const decoderConfig = descriptor(
    0x04,
    Uint8Array.from([0x40, 0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), // AAC, audio stream, no bitrates
    descriptor(0x05, config.asc),
  );
  const es = descriptor(
    0x03,
    Uint8Array.from([trackId >> 8, trackId & 0xff, 0]),
    decoderConfig,
    descriptor(0x06, Uint8Array.of(2)),
  );
  return makeBox("mp4a", entry, fullBox("esds", 0, 0, es));
}

function trex(trackId: number): Uint8Array {
  return fullBox(
    "trex",
    0,
    0,
    fields(20, (v) => {
      v.setUint32(0, trackId);
      v.setUint32(4, 1); // sample description index
    }),
  );
}

/** ftyp + moov for the segment's tracks (see index.ts for the track layout). */
export function tsInit(seg: TsSegment): Uint8Array {
  const ids = trackIds(seg);
  const traks: Uint8Array[] = [];
  const trexes: Uint8Array[] = [];
  if (seg.video) {
    const { config } = seg.video;
    const vmhd = fullBox("vmhd", 0, 1, new Uint8Array(8));
    traks.push(
      makeBox(
        "trak",
        tkhd(ids.video, false, config.width, config.height),
        mdia(VIDEO_TIMESCALE, "vide", vmhd, avc1(config)),
      ),
    );
    trexes.push(trex(ids.video));
  }
  if (seg.audio) {
    const { config } = seg.audio;
    const smhd = fullBox("smhd", 0, 0, new Uint8Array(4));
    traks.push(
      makeBox(
        "trak",
        tkhd(ids.audio, true, 0, 0),
        mdia(config.sampleRate, "soun", smhd, mp4a(config, ids.audio)),
      ),
    );
    trexes.push(trex(ids.audio));
  }
  const brands = seg.video ? ["isom", "iso6", "avc1", "mp41"] : ["M4A ", "isom", "iso6", "mp41"];
  const ftyp = makeBox(
    "ftyp",
    ascii(brands[0] as string),
    fields(4, (v) => v.setUint32(0, 0x200)),
    ...brands.map(ascii),
  );
  const moov = makeBox(
    "moov",
    mvhd(Math.max(ids.video, ids.audio) + 1),
    ...traks,
    makeBox("mvex", ...trexes),
  );
  const out = new Uint8Array(ftyp.length + moov.length);
  out.set(ftyp, 0);
  out.set(moov, ftyp.length);
  return out;
}
