/**
 * A minimal MPEG-TS muxer for tests: PAT, PMT and PES packets for streams given as access units, so a
 * test can build what ffmpeg never writes (ADTS with CRC, PES cut anywhere, broken counters).
 */

export interface TsStreamSpec {
  pid: number;
  /** PMT stream_type: 0x1b H.264, 0x0f AAC ADTS, 0x15 ID3. */
  streamType: number;
  /** PES stream_id: 0xe0 video, 0xc0 audio, 0xbd private. */
  streamId: number;
  pes: { pts: number; dts?: number; data: Uint8Array; unbounded?: boolean }[];
}

const PMT_PID = 0x1000;

/** TS bytes: PAT, PMT, then each stream's PES in turn, PES by PES across streams (round robin). */
export function packetise(streams: TsStreamSpec[]): Uint8Array {
  const packets: Uint8Array[] = [psiPacket(0, pat()), psiPacket(PMT_PID, pmt(streams))];
  const counters = new Map<number, number>();
  const longest = Math.max(...streams.map((s) => s.pes.length));
  for (let i = 0; i < longest; i++) {
    for (const stream of streams) {
      const pes = stream.pes[i];
      if (!pes) continue;
      const bytes = pesBytes(stream.streamId, pes);
      for (let at = 0; at < bytes.length; ) {
        const cc = counters.get(stream.pid) ?? 0;
        counters.set(stream.pid, (cc + 1) & 0x0f);
        const take = Math.min(184, bytes.length - at);
        packets.push(mediaPacket(stream.pid, at === 0, cc, bytes.subarray(at, at + take)));
        at += take;
      }
    }
  }
  return new Uint8Array(Buffer.concat(packets));
}

function mediaPacket(pid: number, start: boolean, cc: number, payload: Uint8Array): Uint8Array {
  const packet = new Uint8Array(188).fill(0xff);
  packet[0] = 0x47;
  packet[1] = (start ? 0x40 : 0) | (pid >> 8);
  packet[2] = pid & 0xff;
  const stuffing = 184 - payload.length;
  if (stuffing === 0) {
    packet[3] = 0x10 | cc;
  } else {
    packet[3] = 0x30 | cc;
    packet[4] = stuffing - 1;
    if (stuffing > 1) packet[5] = 0;
  }
  packet.set(payload, 188 - payload.length);
  return packet;
}

function pesBytes(streamId: number, pes: TsStreamSpec["pes"][number]): Uint8Array {
  const withDts = pes.dts !== undefined;
  const headerLength = withDts ? 10 : 5;
  const length = 3 + headerLength + pes.data.length;
  const out = new Uint8Array(9 + headerLength + pes.data.length);
  out.set([0, 0, 1, streamId], 0);
  const declared = pes.unbounded || length > 0xffff ? 0 : length;
  out[4] = declared >> 8;
  out[5] = declared & 0xff;
  out[6] = 0x80;
  out[7] = withDts ? 0xc0 : 0x80;
  out[8] = headerLength;
  writeTimestamp(out, 9, pes.pts, withDts ? 0x3 : 0x2);
  if (withDts) writeTimestamp(out, 14, pes.dts as number, 0x1);
  out.set(pes.data, 9 + headerLength);
  return out;
}

function writeTimestamp(out: Uint8Array, at: number, value: number, prefix: number): void {
  const t = ((value % 2 ** 33) + 2 ** 33) % 2 ** 33;
  out[at] = (prefix << 4) | ((Math.floor(t / 2 ** 30) & 0x07) << 1) | 1;
  const mid = Math.floor(t / 2 ** 15) & 0x7fff;
  const low = t & 0x7fff;
  out[at + 1] = mid >> 7;
  out[at + 2] = ((mid & 0x7f) << 1) | 1;
  out[at + 3] = low >> 7;
  out[at + 4] = ((low & 0x7f) << 1) | 1;
}

function pat(): number[] {
  return section(0x00, [0x00, 0x01, 0xc1, 0x00, 0x00], [0x00, 0x01, 0xe0 | (PMT_PID >> 8), PMT_PID & 0xff]);
}

function pmt(streams: TsStreamSpec[]): number[] {
  const pcrPid = streams[0]?.pid ?? 0x1fff;
  const entries = streams.flatMap((s) => [s.streamType, 0xe0 | (s.pid >> 8), s.pid & 0xff, 0xf0, 0x00]);
  return section(
    0x02,
    [0x00, 0x01, 0xc1, 0x00, 0x00, 0xe0 | (pcrPid >> 8), pcrPid & 0xff, 0xf0, 0x00],
    entries,
  );
}

/** A PSI section with a dummy CRC (the demuxer under test does not check it). */
function section(tableId: number, header: number[], body: number[]): number[] {
  const length = header.length + body.length + 4;
  return [tableId, 0xb0 | (length >> 8), length & 0xff, ...header, ...body, 0, 0, 0, 0];
}

function psiPacket(pid: number, table: number[]): Uint8Array {
  const packet = new Uint8Array(188).fill(0xff);
  packet.set([0x47, 0x40 | (pid >> 8), pid & 0xff, 0x10, 0x00, ...table], 0);
  return packet;
}

/** The ADTS frames of a raw .aac stream, as views. */
export function adtsFrames(bytes: Uint8Array): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (let at = 0; at + 7 <= bytes.length; ) {
    const length =
      (((bytes[at + 3] as number) & 0x03) << 11) |
      ((bytes[at + 4] as number) << 3) |
      ((bytes[at + 5] as number) >> 5);
    frames.push(bytes.subarray(at, at + length));
    at += length;
  }
  return frames;
}

/** The same frame with protection_absent = 0 and two (dummy) CRC bytes after its header. */
export function withCrc(frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(frame.length + 2);
  out.set(frame.subarray(0, 7), 0);
  out[1] = (out[1] as number) & 0xfe;
  const length = frame.length + 2;
  out[3] = ((out[3] as number) & 0xfc) | (length >> 11);
  out[4] = (length >> 3) & 0xff;
  out[5] = ((length & 0x07) << 5) | ((out[5] as number) & 0x1f);
  out[7] = 0xab;
  out[8] = 0xcd;
  out.set(frame.subarray(7), 9);
  return out;
}
