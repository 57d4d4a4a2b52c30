import { TsDemuxError } from "./types.ts";

/**
 * Reads an H.264 RBSP bit by bit (fixed-width fields and exp-Golomb codes). Only parameter sets go through
 * here — a few dozen bytes per segment — so clarity wins over speed.
 */
export class BitReader {
  private at = 0;
  private readonly length: number;

  constructor(private readonly bytes: Uint8Array) {
    this.length = bytes.length * 8;
  }

  bit(): number {
    if (this.at >= this.length) throw new TsDemuxError("parameter set ends early");
    const byte = this.bytes[this.at >> 3] as number;
    const value = (byte >> (7 - (this.at & 7))) & 1;
    this.at++;
    return value;
  }

  bits(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) value = value * 2 + this.bit();
    return value;
  }

  /** Unsigned exp-Golomb, ue(v). */
  ue(): number {
    let zeros = 0;
    while (this.bit() === 0) {
      // 32 leading zeros would code a value no field in an SPS can hold: the bytes are not an SPS.
      if (++zeros > 31) throw new TsDemuxError("malformed exp-Golomb code");
    }
    return 2 ** zeros - 1 + this.bits(zeros);
  }

  /** Signed exp-Golomb, se(v). */
  se(): number {
    const k = this.ue();
    return k & 1 ? (k + 1) / 2 : -(k / 2);
  }
}

/** The RBSP of a NAL unit: emulation prevention bytes (the 03 in 00 00 03) removed. */
export function unescapeRbsp(nal: Uint8Array): Uint8Array {
  const out = new Uint8Array(nal.length);
  let length = 0;
  let zeros = 0;
  for (let i = 0; i < nal.length; i++) {
    const byte = nal[i] as number;
    if (zeros >= 2 && byte === 3) {
      zeros = 0;
      continue;
    }
    zeros = byte === 0 ? zeros + 1 : 0;
    out[length++] = byte;
  }
  return out.subarray(0, length);
}
