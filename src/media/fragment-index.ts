/**
 * The fragment index of a recording part file (fragmented MP4, see fragmented-file.ts): where its init
 * section ends and, for every complete fragment (a moof and its mdat), its bytes and its times. This is what
 * an HLS playlist of the part lists, so a player can fetch the part fragment by fragment with byte ranges,
 * even while the recorder is still appending to it.
 *
 * Reading goes through a `ByteSource` (a local file, or ranged reads of a stored object), so the parsing
 * stays testable and the same code serves both. A growing file is scanned from where the last scan stopped.
 */
import {
  findAll,
  type InitInfo,
  Mp4Error,
  readBoxHeader,
  readFragmentTimes,
  readInit,
  type TrackInfo,
} from "./mp4-boxes.ts";

export interface Fragment {
  /** Byte offset of the moof. */
  offset: number;
  /** Bytes of the moof and its mdat. */
  length: number;
  /** Start of the fragment on the part's timeline (tfdt), seconds. */
  start: number;
  /** Seconds of media in the fragment. */
  duration: number;
}

export interface FragmentIndex {
  /** Bytes [0, initLength) are the init section (ftyp + moov). */
  initLength: number;
  fragments: Fragment[];
  /** End of the last complete fragment (initLength when there is none): what may be served. */
  end: number;
  /** The file ends with its mfra: the recorder finished it and it will not grow. */
  finished: boolean;
}

/** Random reads of a file or object whose size was measured once for this scan. */
export interface ByteSource {
  size: number;
  /** Up to `length` bytes from `offset` (fewer at the end). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A scan's result plus what the next scan of the same (grown) file continues from. */
export interface ScanState {
  index: FragmentIndex;
  info: InitInfo;
  /** The source size this state was computed at. */
  size: number;
}

/** How much of the head is read to find the init (ffmpeg's empty moov is about 1 KB). */
const HEAD_BYTES = 64 * 1024;
/** One read per fragment when its moof and the next mdat's header fit (a 2 s 1080p60 moof is ~3 KB). */
const MOOF_READ = 16 * 1024;

/** The init section at the start of `head`: its length and tracks, or null while the moov is incomplete. */
export function readInitSection(head: Uint8Array): { length: number; info: InitInfo } | null {
  let at = 0;
  while (at < head.length) {
    const box = readBoxHeader(head, at);
    if (!box) return null;
    if (box.type === "moov") return { length: box.end, info: readInit(head.subarray(0, box.end)) };
    if (box.type === "moof" || box.type === "mdat") throw new Mp4Error("no moov before the media");
    at = box.end;
  }
  return null;
}

/** The track whose times a fragment is measured by: video when there is one, else the first. */
export function timingTrack(info: InitInfo): TrackInfo {
  const track = info.tracks.find((t) => t.handler === "vide") ?? info.tracks[0];
  if (!track) throw new Mp4Error("the init section has no track");
  return track;
}

/** Start and duration (seconds) of the fragment whose moof is `moof` (the whole box, from offset 0). */
export function fragmentTiming(moof: Uint8Array, info: InitInfo): { start: number; duration: number } {
  const box = readBoxHeader(moof, 0);
  if (box?.type !== "moof") throw new Mp4Error("expected a moof box");
  const times = readFragmentTimes(moof, box, info.tracks);
  const main = timingTrack(info);
  const time = times.find((t) => t.trackId === main.trackId) ?? times[0];
  if (!time) throw new Mp4Error("a moof without any track fragment");
  const scale = info.tracks.find((t) => t.trackId === time.trackId)?.timescale ?? main.timescale;
  return { start: time.start / scale, duration: time.duration / scale };
}

/**
 * Indexes `source`, continuing `previous` (a scan of the same file when it was smaller) when given. Stops at
 * the first incomplete box, so a fragment being written is left out until it is whole. Returns null while
 * the file does not yet hold a complete init section.
 */
export async function scanFragments(
  source: ByteSource,
  previous: ScanState | null = null,
): Promise<ScanState | null> {
  let info = previous?.info;
  let index: FragmentIndex;
  if (previous && info) {
    index = { ...previous.index, fragments: [...previous.index.fragments] };
  } else {
    const init = readInitSection(await source.read(0, Math.min(source.size, HEAD_BYTES)));
    if (!init) return null;
    info = init.info;
    index = { initLength: init.length, fragments: [], end: init.length, finished: false };
  }
  let position = index.end;
  while (!index.finished && position + 8 <= source.size) {
    const chunk = await source.read(position, Math.min(MOOF_READ, source.size - position));
    const box = readBoxHeader(chunk, 0, Number.MAX_SAFE_INTEGER);
    if (!box) break;
    const boxLength = box.end - box.start;
    if (box.type === "mfra") {
      index.finished = true;
      break;
    }
    if (box.type !== "moof") {
      // Anything else (free, sidx…) is skipped when complete; a recorder's part holds none.
      if (position + boxLength > source.size) break;
      position += boxLength;
      index.end = position;
      continue;
    }
    if (position + boxLength + 8 > source.size) break;
    const moof = boxLength <= chunk.length ? chunk : await source.read(position, boxLength);
    const mdatHeader =
      boxLength + 16 <= chunk.length
        ? chunk.subarray(boxLength, boxLength + 16)
        : await source.read(position + boxLength, 16);
    const mdat = readBoxHeader(mdatHeader, 0, Number.MAX_SAFE_INTEGER);
    if (mdat?.type !== "mdat") break;
    const length = boxLength + (mdat.end - mdat.start);
    if (position + length > source.size) break;
    const timing = fragmentTiming(moof.subarray(0, boxLength), info);
    index.fragments.push({ offset: position, length, ...timing });
    position += length;
    index.end = position;
  }
  return { index, info, size: source.size };
}

/**
 * The index of a finished file from its mfra (the random-access index the recorder appends), in at most four
 * reads however long the file: the tail (with the mfra when it is small), the head, the mfra, the last moof
 * (for the last fragment's duration). Null when the file has no valid mfra (e.g. it was remuxed into a
 * plain MP4), for the caller to scan instead.
 */
export async function indexFromMfra(source: ByteSource): Promise<ScanState | null> {
  if (source.size < 16) return null;
  const tailLength = Math.min(source.size, MOOF_READ);
  const tail = await source.read(source.size - tailLength, tailLength);
  const mfroBox = readBoxHeader(tail, tail.length - 16);
  if (mfroBox?.type !== "mfro" || mfroBox.end !== tail.length) return null;
  const mfraSize = new DataView(tail.buffer, tail.byteOffset, tail.byteLength).getUint32(tail.length - 4);
  const mfraStart = source.size - mfraSize;
  if (mfraSize < 16 || mfraStart < 0) return null;
  const init = readInitSection(await source.read(0, Math.min(source.size, HEAD_BYTES)));
  if (!init || mfraStart < init.length) return null;
  const mfra =
    mfraSize <= tail.length ? tail.subarray(tail.length - mfraSize) : await source.read(mfraStart, mfraSize);
  const mfraBox = readBoxHeader(mfra, 0);
  if (mfraBox?.type !== "mfra" || mfraBox.end !== mfraSize) return null;

  const starts = fragmentStarts(mfra, mfraBox.body, mfraBox.end, init.info);
  const offsets = [...starts.keys()].sort((a, b) => a - b);
  const fragments: Fragment[] = offsets.map((offset, i) => {
    const next = offsets[i + 1];
    const start = starts.get(offset) as number;
    return {
      offset,
      length: (next ?? mfraStart) - offset,
      start,
      duration: next === undefined ? 0 : (starts.get(next) as number) - start,
    };
  });
  const last = fragments.at(-1);
  if (last) {
    let moof = await source.read(last.offset, Math.min(MOOF_READ, last.length));
    const box = readBoxHeader(moof, 0, Number.MAX_SAFE_INTEGER);
    if (box?.type !== "moof" || box.end > last.length) return null;
    if (box.end > moof.length) moof = await source.read(last.offset, box.end);
    last.duration = fragmentTiming(moof.subarray(0, box.end), init.info).duration;
  }
  return {
    index: { initLength: init.length, fragments, end: mfraStart, finished: true },
    info: init.info,
    size: source.size,
  };
}

/** moof offset → start seconds, from every tfra: the timing track's time where it has one. */
function fragmentStarts(mfra: Uint8Array, start: number, end: number, info: InitInfo): Map<number, number> {
  const main = timingTrack(info).trackId;
  const starts = new Map<number, { seconds: number; main: boolean }>();
  const v = new DataView(mfra.buffer, mfra.byteOffset, mfra.byteLength);
  for (const tfra of findAll(mfra, "tfra", start, end)) {
    const version = mfra[tfra.body] as number;
    const trackId = v.getUint32(tfra.body + 4);
    const sizes = v.getUint32(tfra.body + 8);
    const count = v.getUint32(tfra.body + 12);
    const numberBytes = ((sizes >> 4) & 3) + ((sizes >> 2) & 3) + (sizes & 3) + 3;
    const entryBytes = (version === 1 ? 16 : 8) + numberBytes;
    const scale = info.tracks.find((t) => t.trackId === trackId)?.timescale;
    if (!scale || tfra.body + 16 + count * entryBytes > tfra.end) throw new Mp4Error("a malformed tfra");
    for (let i = 0, at = tfra.body + 16; i < count; i++, at += entryBytes) {
      const time = version === 1 ? Number(v.getBigUint64(at)) : v.getUint32(at);
      const offset = version === 1 ? Number(v.getBigUint64(at + 8)) : v.getUint32(at + 4);
      const known = starts.get(offset);
      if (!known || (!known.main && trackId === main))
        starts.set(offset, { seconds: time / scale, main: trackId === main });
    }
  }
  return new Map([...starts].map(([offset, s]) => [offset, s.seconds]));
}
