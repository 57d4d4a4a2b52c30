/**
 * Fragmented-MP4 timestamp rewriting by byte patching: each fragment's `tfdt` baseMediaDecodeTime (per
 * track, in that track's timescale), any `sidx` earliest presentation time, and the `mfhd` sequence number
 * are rewritten in a copy; sample data and sizes are untouched, so offsets stay valid.
 */

export interface Mp4Plan {
  mfhd: number[];
  /** Where each tfdt's time field sits, its width, and the track it belongs to. */
  tfdt: { at: number; wide: boolean; trackId: number }[];
  sidx: { at: number; wide: boolean; trackId: number }[];
  /** Per track, the first tfdt value of the fragment. */
  firstDecodeTime: Map<number, number>;
}

interface Box {
  type: string;
  start: number;
  /** Where the payload (after the header) starts. */
  body: number;
  end: number;
}

function* boxes(b: Uint8Array, start: number, end: number): Generator<Box> {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let at = start;
  while (at + 8 <= end) {
    let size = view.getUint32(at);
    let body = at + 8;
    if (size === 1) {
      size = Number(view.getBigUint64(at + 8));
      body = at + 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < 8 || at + size > end) throw new Error(`MP4: bad box size ${size} at ${at}`);
    const type = String.fromCharCode(
      b[at + 4] as number,
      b[at + 5] as number,
      b[at + 6] as number,
      b[at + 7] as number,
    );
    yield { type, start: at, body, end: at + size };
    at += size;
  }
}

export function planMp4(data: Uint8Array): Mp4Plan {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const plan: Mp4Plan = { mfhd: [], tfdt: [], sidx: [], firstDecodeTime: new Map() };
  for (const box of boxes(data, 0, data.length)) {
    if (box.type === "sidx") {
      const wide = data[box.body] === 1;
      plan.sidx.push({ at: box.body + 12, wide, trackId: view.getUint32(box.body + 4) });
    }
    if (box.type !== "moof") continue;
    for (const child of boxes(data, box.body, box.end)) {
      if (child.type === "mfhd") plan.mfhd.push(child.body + 4);
      if (child.type !== "traf") continue;
      let trackId = 0;
      for (const part of boxes(data, child.body, child.end)) {
        if (part.type === "tfhd") trackId = view.getUint32(part.body + 4);
        if (part.type === "tfdt") {
          const wide = data[part.body] === 1;
          const at = part.body + 4;
          plan.tfdt.push({ at, wide, trackId });
          if (!plan.firstDecodeTime.has(trackId)) plan.firstDecodeTime.set(trackId, readTime(view, at, wide));
        }
      }
    }
  }
  if (plan.tfdt.length === 0) throw new Error("MP4: no tfdt in fragment");
  return plan;
}

export interface TrackInfo {
  timescale: number;
  /** Handler type: "vide" or "soun". */
  handler: string;
}

/** Track id → timescale and handler, from an init segment's moov. */
export function initTracks(init: Uint8Array): Map<number, TrackInfo> {
  const view = new DataView(init.buffer, init.byteOffset, init.byteLength);
  const out = new Map<number, TrackInfo>();
  const moov = [...boxes(init, 0, init.length)].find((box) => box.type === "moov");
  if (!moov) throw new Error("MP4: init segment has no moov");
  for (const trak of boxes(init, moov.body, moov.end)) {
    if (trak.type !== "trak") continue;
    let trackId = 0;
    const info: TrackInfo = { timescale: 0, handler: "" };
    for (const part of boxes(init, trak.body, trak.end)) {
      if (part.type === "tkhd") trackId = view.getUint32(part.body + (init[part.body] === 1 ? 20 : 12));
      if (part.type !== "mdia") continue;
      for (const media of boxes(init, part.body, part.end)) {
        if (media.type === "mdhd")
          info.timescale = view.getUint32(media.body + (init[media.body] === 1 ? 20 : 12));
        if (media.type === "hdlr") {
          const at = media.body + 8;
          info.handler = String.fromCharCode(...init.subarray(at, at + 4));
        }
      }
    }
    out.set(trackId, info);
  }
  return out;
}

/** A copy with every track's decode times moved by `deltas.get(trackId)` and the fragment numbered `sequence`. */
export function patchMp4(
  data: Uint8Array,
  plan: Mp4Plan,
  deltas: Map<number, number>,
  sequence: number,
): Uint8Array {
  const out = data.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (const at of plan.mfhd) view.setUint32(at, sequence >>> 0);
  for (const field of [...plan.tfdt, ...plan.sidx]) {
    const delta = deltas.get(field.trackId) ?? 0;
    const value = readTime(view, field.at, field.wide) + delta;
    if (value < 0) throw new Error(`MP4: track ${field.trackId} time would go negative`);
    if (field.wide) view.setBigUint64(field.at, BigInt(value));
    else view.setUint32(field.at, value % 2 ** 32);
  }
  return out;
}

function readTime(view: DataView, at: number, wide: boolean): number {
  return wide ? Number(view.getBigUint64(at)) : view.getUint32(at);
}
