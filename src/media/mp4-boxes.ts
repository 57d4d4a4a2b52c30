/**
 * ISO BMFF (MP4) boxes: just what the recorder needs to write fragmented MP4 itself and to move fMP4 input
 * onto its timeline: walk boxes, read a fragment's track times, patch sequence numbers and durations, and
 * build the small boxes (mehd, mfra) that make a long recording open and seek fast.
 */

export class Mp4Error extends Error {
  override name = "Mp4Error";
}

export interface Box {
  type: string;
  /** Offset of the box header in the buffer. */
  start: number;
  /** Offset just past the box. */
  end: number;
  /** Offset of the box's body (after the header). */
  body: number;
}

const CONTAINERS = new Set([
  "moov",
  "trak",
  "mdia",
  "minf",
  "stbl",
  "mvex",
  "moof",
  "traf",
  "edts",
  "dinf",
  "mfra",
]);

/** The boxes directly inside [start, end). A box running past `end` is an error. */
export function childBoxes(data: Uint8Array, start = 0, end = data.length): Box[] {
  const boxes: Box[] = [];
  let at = start;
  while (at + 8 <= end) {
    const box = readBoxHeader(data, at, end);
    if (!box) throw new Mp4Error(`box at ${at} runs past its container`);
    boxes.push(box);
    at = box.end;
  }
  return boxes;
}

/** The header of the box at `at`, or null when the box (or its header) is not complete before `limit`. */
export function readBoxHeader(data: Uint8Array, at: number, limit = data.length): Box | null {
  if (at + 8 > limit || at + 8 > data.length) return null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let size = view.getUint32(at);
  const type = String.fromCharCode(
    data[at + 4] as number,
    data[at + 5] as number,
    data[at + 6] as number,
    data[at + 7] as number,
  );
  let body = at + 8;
  if (size === 1) {
    if (at + 16 > limit || at + 16 > data.length) return null;
    size = Number(view.getBigUint64(at + 8));
    body = at + 16;
  } else if (size === 0) {
    size = limit - at;
  }
  if (size < body - at || at + size > limit) return null;
  return { type, start: at, end: at + size, body };
}

/** The first box of `path` (e.g. ["moov", "mvex"]) below [start, end). */
export function findBox(data: Uint8Array, path: string[], start = 0, end = data.length): Box | null {
  let scope = { start, end };
  let found: Box | null = null;
  for (const type of path) {
    found = childBoxes(data, scope.start, scope.end).find((b) => b.type === type) ?? null;
    if (!found) return null;
    scope = { start: CONTAINERS.has(type) ? found.body : found.end, end: found.end };
  }
  return found;
}

export function findAll(data: Uint8Array, type: string, start: number, end: number): Box[] {
  return childBoxes(data, start, end).filter((b) => b.type === type);
}

const view = (data: Uint8Array) => new DataView(data.buffer, data.byteOffset, data.byteLength);

export function makeBox(type: string, ...parts: Uint8Array[]): Uint8Array {
  const size = 8 + parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(size);
  view(out).setUint32(0, size);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  let at = 8;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export interface TrackInfo {
  trackId: number;
  /** Ticks per second of the track's media times. */
  timescale: number;
  /** Sample duration used when a fragment gives none (from trex). */
  defaultSampleDuration: number;
  /** "vide", "soun", … */
  handler: string;
}

export interface InitInfo {
  movieTimescale: number;
  tracks: TrackInfo[];
}

/** Reads the movie and track timescales and defaults from an init section (ftyp + moov). */
export function readInit(data: Uint8Array): InitInfo {
  const moov = findBox(data, ["moov"]);
  if (!moov) throw new Mp4Error("init section has no moov");
  const mvhd = findBox(data, ["mvhd"], moov.body, moov.end);
  if (!mvhd) throw new Mp4Error("moov has no mvhd");
  const v = view(data);
  const movieTimescale = v.getUint32(mvhd.body + ((data[mvhd.body] as number) === 1 ? 20 : 12));
  const trexDefaults = new Map<number, number>();
  const mvex = findBox(data, ["mvex"], moov.body, moov.end);
  for (const trex of mvex ? findAll(data, "trex", mvex.body, mvex.end) : []) {
    trexDefaults.set(v.getUint32(trex.body + 4), v.getUint32(trex.body + 12));
  }
  const tracks = findAll(data, "trak", moov.body, moov.end).map((trak) => {
    const tkhd = findBox(data, ["tkhd"], trak.body, trak.end);
    const mdhd = findBox(data, ["mdia", "mdhd"], trak.body, trak.end);
    const hdlr = findBox(data, ["mdia", "hdlr"], trak.body, trak.end);
    if (!tkhd || !mdhd || !hdlr) throw new Mp4Error("trak is missing tkhd, mdhd or hdlr");
    const trackId = v.getUint32(tkhd.body + ((data[tkhd.body] as number) === 1 ? 20 : 12));
    const timescale = v.getUint32(mdhd.body + ((data[mdhd.body] as number) === 1 ? 20 : 12));
    const handler = String.fromCharCode(...data.subarray(hdlr.body + 8, hdlr.body + 12));
    return { trackId, timescale, defaultSampleDuration: trexDefaults.get(trackId) ?? 0, handler };
  });
  return { movieTimescale, tracks };
}

export interface FragmentTrackTime {
  trackId: number;
  /** tfdt baseMediaDecodeTime, in track ticks. */
  start: number;
  /** Sum of the fragment's sample durations for this track, in track ticks. */
  duration: number;
  /** Offset of the tfdt field, for patching. */
  tfdtAt: number;
  tfdtVersion: number;
}

/** Per-track start time and duration of a moof box (the bytes from `moof.start`). */
export function readFragmentTimes(
  data: Uint8Array,
  moof: Box,
  tracks: readonly TrackInfo[],
): FragmentTrackTime[] {
  const v = view(data);
  return findAll(data, "traf", moof.body, moof.end).map((traf) => {
    const tfhd = findBox(data, ["tfhd"], traf.body, traf.end);
    const tfdt = findBox(data, ["tfdt"], traf.body, traf.end);
    if (!tfhd || !tfdt) throw new Mp4Error("traf without tfhd or tfdt");
    const tfhdFlags = v.getUint32(tfhd.body) & 0xffffff;
    const trackId = v.getUint32(tfhd.body + 4);
    let at = tfhd.body + 8;
    if (tfhdFlags & 0x01) at += 8; // base data offset
    if (tfhdFlags & 0x02) at += 4; // sample description index
    const trackDefault = tracks.find((t) => t.trackId === trackId)?.defaultSampleDuration ?? 0;
    const defaultDuration = tfhdFlags & 0x08 ? v.getUint32(at) : trackDefault;
    const tfdtVersion = data[tfdt.body] as number;
    const start = tfdtVersion === 1 ? Number(v.getBigUint64(tfdt.body + 4)) : v.getUint32(tfdt.body + 4);
    let duration = 0;
    for (const trun of findAll(data, "trun", traf.body, traf.end))
      duration += trunDuration(data, trun, defaultDuration);
    return { trackId, start, duration, tfdtAt: tfdt.body + 4, tfdtVersion };
  });
}

function trunDuration(data: Uint8Array, trun: Box, defaultDuration: number): number {
  const v = view(data);
  const flags = v.getUint32(trun.body) & 0xffffff;
  const count = v.getUint32(trun.body + 4);
  if (!(flags & 0x100)) return count * defaultDuration;
  let at = trun.body + 8;
  if (flags & 0x01) at += 4; // data offset
  if (flags & 0x04) at += 4; // first sample flags
  const fieldBytes = [0x100, 0x200, 0x400, 0x800].filter((f) => flags & f).length * 4;
  let total = 0;
  for (let i = 0; i < count; i++, at += fieldBytes) total += v.getUint32(at);
  return total;
}

/** Sets a fragment's tfdt for one track (fMP4 input laid onto the recording's timeline). */
export function writeTfdt(data: Uint8Array, time: FragmentTrackTime, value: number): void {
  if (value < 0) throw new Mp4Error("a fragment cannot start before time zero");
  if (time.tfdtVersion === 1) view(data).setBigUint64(time.tfdtAt, BigInt(Math.round(value)));
  else if (value <= 0xffffffff) view(data).setUint32(time.tfdtAt, Math.round(value));
  else throw new Mp4Error("fragment time does not fit a version-0 tfdt");
}

/** Rewrites the moof's mfhd sequence number (fragments appended after a restart continue the count). */
export function writeSequenceNumber(data: Uint8Array, moof: Box, sequence: number): void {
  const mfhd = findBox(data, ["mfhd"], moof.body, moof.end);
  if (!mfhd) throw new Mp4Error("moof without mfhd");
  view(data).setUint32(mfhd.body + 4, sequence);
}

/** A mehd box (fragment duration in movie ticks, 64-bit) so players know the length without scanning. */
export function makeMehd(duration: number): Uint8Array {
  const body = new Uint8Array(12);
  body[0] = 1;
  view(body).setBigUint64(4, BigInt(Math.round(duration)));
  return makeBox("mehd", body);
}

/**
 * The init section with a mehd inserted into mvex (ffmpeg's empty_moov output has none), so the final
 * duration can later be patched in place without moving any fragment.
 */
export function withMehd(init: Uint8Array): Uint8Array {
  const moov = findBox(init, ["moov"]);
  const mvex = moov && findBox(init, ["mvex"], moov.body, moov.end);
  if (!moov || !mvex) throw new Mp4Error("init section has no moov/mvex");
  if (findBox(init, ["mehd"], mvex.body, mvex.end)) return init;
  const mehd = makeMehd(0);
  const out = new Uint8Array(init.length + mehd.length);
  out.set(init.subarray(0, mvex.body), 0);
  out.set(mehd, mvex.body);
  out.set(init.subarray(mvex.body), mvex.body + mehd.length);
  const v = view(out);
  v.setUint32(moov.start, v.getUint32(moov.start) + mehd.length);
  v.setUint32(mvex.start, v.getUint32(mvex.start) + mehd.length);
  return out;
}

/** Where, in an init section, the movie duration lives (mvhd) and the mehd duration, for patching. */
export function durationFields(init: Uint8Array): {
  mvhdAt: number;
  mvhdVersion: number;
  mehdAt: number | null;
} {
  const moov = findBox(init, ["moov"]);
  const mvhd = moov && findBox(init, ["mvhd"], moov.body, moov.end);
  if (!moov || !mvhd) throw new Mp4Error("init section has no moov/mvhd");
  const mvhdVersion = init[mvhd.body] as number;
  const mvex = findBox(init, ["mvex"], moov.body, moov.end);
  const mehd = mvex ? findBox(init, ["mehd"], mvex.body, mvex.end) : null;
  return {
    mvhdAt: mvhd.body + (mvhdVersion === 1 ? 24 : 16),
    mvhdVersion,
    mehdAt: mehd ? mehd.body + 4 : null,
  };
}

/**
 * What must match for fragments of two ffmpeg runs to share one init: per track its id, timescale, sample
 * entry and codec configuration (avcC/hvcC/av1C, or the AAC AudioSpecificConfig). Bitrate fields, which
 * ffmpeg derives from whatever it probed, are left out on purpose.
 */
export function codecSignature(init: Uint8Array): string {
  const moov = findBox(init, ["moov"]);
  if (!moov) throw new Mp4Error("init section has no moov");
  const { tracks } = readInit(init);
  return findAll(init, "trak", moov.body, moov.end)
    .map((trak, i) => {
      const stsd = findBox(init, ["mdia", "minf", "stbl", "stsd"], trak.body, trak.end);
      const entry = stsd ? readBoxHeader(init, stsd.body + 8, stsd.end) : null;
      return `${tracks[i]?.trackId}/${tracks[i]?.timescale}/${entry ? sampleEntrySignature(init, entry) : "none"}`;
    })
    .join("|");
}

function sampleEntrySignature(data: Uint8Array, entry: Box): string {
  const v = view(data);
  const hash = (bytes: Uint8Array) => Bun.hash(bytes).toString(36);
  if (["avc1", "avc3", "hvc1", "hev1", "av01"].includes(entry.type)) {
    const size = `${v.getUint16(entry.body + 24)}x${v.getUint16(entry.body + 26)}`;
    const config = childBoxes(data, entry.body + 78, entry.end).find((b) =>
      ["avcC", "hvcC", "av1C"].includes(b.type),
    );
    if (!config) return `${entry.type}:${size}:-`;
    const bytes = data.subarray(config.body, config.end);
    return `${entry.type}:${size}:${config.type === "avcC" ? avcParameterSets(bytes) : hash(bytes)}`;
  }
  if (entry.type === "mp4a") {
    const layout = `${v.getUint16(entry.body + 16)}ch@${v.getUint32(entry.body + 24) >>> 16}`;
    const esds = childBoxes(data, entry.body + 28, entry.end).find((b) => b.type === "esds");
    const asc = esds ? decoderSpecificInfo(data.subarray(esds.body + 4, esds.end)) : null;
    return `mp4a:${layout}:${asc ? hash(asc) : "-"}`;
  }
  return `${entry.type}:${hash(data.subarray(entry.body, entry.end))}`;
}

/**
 * The SPS and PPS of an avcC, each without trailing zero bytes: ffmpeg copies a PPS with or without the
 * stream's trailing_zero_8bits depending on where it first saw it, which changes nothing for a decoder.
 */
function avcParameterSets(avcC: Uint8Array): string {
  const sets: string[] = [];
  let at = 5;
  for (const countMask of [0x1f, 0xff]) {
    const count = (avcC[at++] ?? 0) & countMask;
    for (let i = 0; i < count && at + 2 <= avcC.length; i++) {
      const length = ((avcC[at] as number) << 8) | (avcC[at + 1] as number);
      let nal = avcC.subarray(at + 2, at + 2 + length);
      while (nal.length > 0 && nal[nal.length - 1] === 0) nal = nal.subarray(0, -1);
      sets.push(Buffer.from(nal).toString("hex"));
      at += 2 + length;
    }
  }
  return `${(avcC[1] ?? 0).toString(16)}.${(avcC[3] ?? 0).toString(16)}:${Bun.hash(sets.join(",")).toString(36)}`;
}

/** The DecoderSpecificInfo (tag 5) inside an esds descriptor tree. */
function decoderSpecificInfo(bytes: Uint8Array): Uint8Array | null {
  let at = 0;
  while (at < bytes.length) {
    const tag = bytes[at++] as number;
    let length = 0;
    for (let i = 0; i < 4; i++) {
      const b = bytes[at++] as number;
      length = (length << 7) | (b & 0x7f);
      if (!(b & 0x80)) break;
    }
    if (tag === 0x05) return bytes.subarray(at, at + length);
    // ES_Descriptor (3) and DecoderConfigDescriptor (4) hold the others after fixed fields.
    if (tag === 0x03) at += 3;
    else if (tag === 0x04) at += 13;
    else at += length;
  }
  return null;
}

export interface IndexEntry {
  trackId: number;
  /** Track ticks. */
  time: number;
  /** File offset of the moof. */
  moofOffset: number;
}

/** An mfra (tfra per track + mfro): the random-access index players read from the end of the file. */
export function makeMfra(entries: readonly IndexEntry[], trackIds: readonly number[]): Uint8Array {
  const tfras = trackIds.map((trackId) => {
    const mine = entries.filter((e) => e.trackId === trackId);
    const body = new Uint8Array(16 + mine.length * 19);
    const v = view(body);
    body[0] = 1; // version 1: 64-bit time and offset
    v.setUint32(4, trackId);
    v.setUint32(8, 0); // 1-byte traf/trun/sample numbers
    v.setUint32(12, mine.length);
    mine.forEach((e, i) => {
      const at = 16 + i * 19;
      v.setBigUint64(at, BigInt(e.time));
      v.setBigUint64(at + 8, BigInt(e.moofOffset));
      body[at + 16] = 1;
      body[at + 17] = 1;
      body[at + 18] = 1;
    });
    return makeBox("tfra", body);
  });
  const size = 8 + tfras.reduce((n, t) => n + t.length, 0) + 16;
  const mfro = new Uint8Array(8);
  view(mfro).setUint32(4, size);
  return makeBox("mfra", ...tfras, makeBox("mfro", mfro));
}
