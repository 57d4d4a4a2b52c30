import { Mp4Error, readBoxHeader } from "./mp4-boxes.ts";

export interface TopLevelBox {
  type: string;
  bytes: Uint8Array;
}

/**
 * Splits a byte stream (ffmpeg's fragmented-MP4 output) into complete top-level boxes. Memory holds at most
 * one box plus one read chunk: a fragment of a few seconds, whatever the recording's length.
 */
export async function* topLevelBoxes(stream: AsyncIterable<Uint8Array>): AsyncGenerator<TopLevelBox> {
  let chunks: Uint8Array[] = [];
  let buffered = 0;

  const take = (n: number): Uint8Array => {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const head = chunks[0] as Uint8Array;
      const part = Math.min(head.length, n - filled);
      out.set(head.subarray(0, part), filled);
      filled += part;
      if (part === head.length) chunks.shift();
      else chunks[0] = head.subarray(part);
    }
    buffered -= n;
    return out;
  };
  const peek = (n: number): Uint8Array => {
    if (chunks.length === 1 || (chunks[0] as Uint8Array).length >= n)
      return (chunks[0] as Uint8Array).subarray(0, n);
    const joined = take(buffered);
    chunks = [joined];
    buffered = joined.length;
    return joined.subarray(0, n);
  };

  for await (const chunk of stream) {
    if (chunk.length === 0) continue;
    chunks.push(chunk);
    buffered += chunk.length;
    while (buffered >= 16 || (buffered >= 8 && peekSize(peek(8)) !== 1)) {
      const headerBytes = peek(Math.min(buffered, 16));
      const size = peekSize(headerBytes);
      const total =
        size === 1 ? Number(new DataView(headerBytes.buffer, headerBytes.byteOffset).getBigUint64(8)) : size;
      if (total < 8) throw new Mp4Error(`box of size ${total} in the stream`);
      if (size === 0 || buffered < total) break;
      const bytes = take(total);
      const box = readBoxHeader(bytes, 0);
      yield { type: box?.type ?? "????", bytes };
    }
  }
  if (buffered > 0) {
    // A box of size 0 runs to the end of the stream.
    const bytes = take(buffered);
    const header = readBoxHeader(bytes, 0);
    if (header && peekSize(bytes) === 0) yield { type: header.type, bytes };
    else throw new Mp4Error(`stream ended inside a box (${bytes.length} bytes left over)`);
  }
}

function peekSize(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
}
