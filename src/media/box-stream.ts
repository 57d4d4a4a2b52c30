import { Mp4Error } from "./mp4-boxes.ts";

export interface TopLevelBox {
  type: string;
  /** The whole box, header included, as views of the chunks it arrived in (nothing copied). */
  parts: Uint8Array[];
  size: number;
}

/** One buffer holding the whole box: the part itself when it arrived in one piece, else a copy. */
export function boxBytes(box: TopLevelBox): Uint8Array {
  if (box.parts.length === 1) return box.parts[0] as Uint8Array;
  const out = new Uint8Array(box.size);
  let at = 0;
  for (const part of box.parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Splits a byte stream (ffmpeg's fragmented-MP4 output) into complete top-level boxes. A box is handed on
 * as views of the chunks it came in, never copied: an mdat is megabytes per fragment, and copying it cost
 * more CPU than ffmpeg's remux. Memory holds at most one box plus one read chunk.
 */
export async function* topLevelBoxes(stream: AsyncIterable<Uint8Array>): AsyncGenerator<TopLevelBox> {
  const chunks: Uint8Array[] = [];
  let buffered = 0;

  const take = (n: number): Uint8Array[] => {
    const parts: Uint8Array[] = [];
    let left = n;
    while (left > 0) {
      const head = chunks[0] as Uint8Array;
      if (head.length <= left) {
        parts.push(head);
        chunks.shift();
        left -= head.length;
      } else {
        parts.push(head.subarray(0, left));
        chunks[0] = head.subarray(left);
        left = 0;
      }
    }
    buffered -= n;
    return parts;
  };
  // The first bytes of what is buffered, copied only when they span chunks (a header: 16 bytes at most).
  const peek = (n: number): Uint8Array => {
    const head = chunks[0] as Uint8Array;
    if (head.length >= n) return head.subarray(0, n);
    const out = new Uint8Array(n);
    let at = 0;
    for (const chunk of chunks) {
      const part = chunk.subarray(0, n - at);
      out.set(part, at);
      at += part.length;
      if (at === n) break;
    }
    return out;
  };

  for await (const chunk of stream) {
    if (chunk.length === 0) continue;
    chunks.push(chunk);
    buffered += chunk.length;
    while (buffered >= 8) {
      const size = sizeField(peek(8));
      if (size === 1 && buffered < 16) break;
      const total = size === 1 ? largeSize(peek(16)) : size;
      if (size !== 0 && total < 8) throw new Mp4Error(`box of size ${total} in the stream`);
      if (size === 0 || buffered < total) break;
      const type = boxType(peek(8));
      yield { type, parts: take(total), size: total };
    }
  }
  if (buffered > 0) {
    // A box of size 0 runs to the end of the stream.
    if (buffered >= 8 && sizeField(peek(8)) === 0) {
      const type = boxType(peek(8));
      yield { type, parts: take(buffered), size: buffered };
    } else throw new Mp4Error(`stream ended inside a box (${buffered} bytes left over)`);
  }
}

function sizeField(header: Uint8Array): number {
  return new DataView(header.buffer, header.byteOffset, header.byteLength).getUint32(0);
}

function largeSize(header: Uint8Array): number {
  return Number(new DataView(header.buffer, header.byteOffset, header.byteLength).getBigUint64(8));
}

function boxType(header: Uint8Array): string {
  return String.fromCharCode(header[4] ?? 0, header[5] ?? 0, header[6] ?? 0, header[7] ?? 0);
}
