import { TsDemuxError } from "./types.ts";

/** The parts of a PES header the remuxer uses. Times are raw 33-bit 90 kHz values. */
export interface PesHeader {
  pts: number | null;
  dts: number | null;
  /** Offset of the elementary stream bytes in the PES. */
  payload: number;
}

/** Reads the header of a whole PES packet (as reassembled from its TS packets). */
export function readPesHeader(pes: Uint8Array): PesHeader {
  if (pes.length < 9 || pes[0] !== 0 || pes[1] !== 0 || pes[2] !== 1)
    throw new TsDemuxError("PES packet without a start code");
  const flags = (pes[7] as number) >> 6;
  const payload = 9 + (pes[8] as number);
  if (payload > pes.length) throw new TsDemuxError("PES header runs past its packet");
  const hasPts = (flags & 0x2) !== 0;
  if ((hasPts && payload < 14) || (flags === 0x3 && payload < 19))
    throw new TsDemuxError("PES header too short for its timestamps");
  return {
    pts: hasPts ? readTimestamp(pes, 9) : null,
    dts: flags === 0x3 ? readTimestamp(pes, 14) : null,
    payload,
  };
}

function readTimestamp(data: Uint8Array, at: number): number {
  const b0 = data[at] as number;
  const mid = ((data[at + 1] as number) << 7) | ((data[at + 2] as number) >> 1);
  const low = ((data[at + 3] as number) << 7) | ((data[at + 4] as number) >> 1);
  return ((b0 >> 1) & 0x07) * 2 ** 30 + mid * 2 ** 15 + low;
}
