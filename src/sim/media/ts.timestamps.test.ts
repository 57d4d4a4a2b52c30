import { describe, expect, test } from "bun:test";
import {
  patchTs,
  planTs,
  readPcr,
  readTimestamp,
  TS_PACKET,
  wrap33,
  writePcr,
  writeTimestamp,
} from "./ts.timestamps.ts";

/** One 188-byte packet: header, optional adaptation field (with PCR), optional PES header with PTS/DTS. */
function packet(options: {
  pid: number;
  cc: number;
  start?: boolean;
  pcr?: number;
  payload?: boolean;
  pes?: { streamId: number; pts: number; dts?: number };
}): Uint8Array {
  const b = new Uint8Array(TS_PACKET).fill(0xff);
  const payload = options.payload ?? true;
  const adaptation = options.pcr !== undefined || !payload;
  b[0] = 0x47;
  b[1] = ((options.start ? 0x40 : 0) | (options.pid >> 8)) & 0xff;
  b[2] = options.pid & 0xff;
  b[3] = ((adaptation ? 0x20 : 0) | (payload ? 0x10 : 0) | (options.cc & 0x0f)) & 0xff;
  let at = 4;
  if (adaptation) {
    b[4] = payload ? 7 : 183;
    b[5] = options.pcr !== undefined ? 0x10 : 0;
    if (options.pcr !== undefined) writePcr(b, 6, options.pcr, 123);
    at = 5 + (b[4] as number);
  }
  if (options.pes) {
    b.set([0, 0, 1, options.pes.streamId, 0, 0, 0x80, options.pes.dts === undefined ? 0x80 : 0xc0, 10], at);
    b[at + 9] = options.pes.dts === undefined ? 0x21 : 0x31;
    writeTimestamp(b, at + 9, options.pes.pts);
    if (options.pes.dts !== undefined) {
      b[at + 14] = 0x11;
      writeTimestamp(b, at + 14, options.pes.dts);
    }
  }
  return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.length * TS_PACKET);
  for (const [i, part] of parts.entries()) out.set(part, i * TS_PACKET);
  return out;
}

const ccOf = (data: Uint8Array, index: number) => (data[index * TS_PACKET + 3] as number) & 0x0f;

describe("MPEG-TS timestamps", () => {
  test.each([0, 1, 90_000, 2 ** 32 - 1, 2 ** 32, 2 ** 33 - 1])("a PTS field holds %d", (value) => {
    const b = new Uint8Array(5).fill(0x20);
    writeTimestamp(b, 0, value);
    expect(readTimestamp(b, 0)).toBe(value);
    expect((b[0] as number) >> 4).toBe(2);
    expect([(b[0] as number) & 1, (b[2] as number) & 1, (b[4] as number) & 1]).toEqual([1, 1, 1]);
  });

  test.each([0, 27, 2 ** 32 + 5, 2 ** 33 - 1])(
    "a PCR field holds base %d and keeps its extension",
    (base) => {
      const b = new Uint8Array(6);
      writePcr(b, 0, base, 299);
      expect(readPcr(b, 0)).toEqual({ base, extension: 299 });
    },
  );

  test.each([
    [-1, 2 ** 33 - 1],
    [2 ** 33, 0],
    [2 ** 33 + 7, 7],
  ])("timestamps wrap modulo 2^33: %d becomes %d", (value, wrapped) => {
    expect(wrap33(value)).toBe(wrapped);
  });

  const segment = concat(
    packet({ pid: 0, cc: 5, start: true }),
    packet({
      pid: 0x100,
      cc: 9,
      start: true,
      pcr: 60_000,
      pes: { streamId: 0xe0, pts: 126_000, dts: 123_000 },
    }),
    packet({ pid: 0x100, cc: 10 }),
    packet({ pid: 0x100, cc: 10, payload: false, pcr: 61_000 }),
    packet({ pid: 0x101, cc: 3, start: true, pes: { streamId: 0xc0, pts: 125_000 } }),
    packet({ pid: 0x1fff, cc: 0 }),
    packet({ pid: 0x100, cc: 11 }),
  );

  test("the plan finds every PTS, DTS and PCR and counts payload packets per PID", () => {
    const plan = planTs(segment);
    expect(plan.timestamps).toHaveLength(3);
    expect(plan.pcrs).toHaveLength(2);
    expect(plan.firstPts).toBe(126_000);
    expect(Object.fromEntries(plan.payloadPackets)).toEqual({ 0: 1, 256: 3, 257: 1 });
  });

  test("patching shifts every clock by the delta and restarts continuity counters where asked", () => {
    const plan = planTs(segment);
    const out = patchTs(segment, plan, 900_000, new Map([[0x100, 14]]));
    const shifted = [...plan.timestamps].map((at) => readTimestamp(out, at));
    expect(shifted).toEqual([1_026_000, 1_023_000, 1_025_000]);
    expect([...plan.pcrs].map((at) => readPcr(out, at))).toEqual([
      { base: 960_000, extension: 123 },
      { base: 961_000, extension: 123 },
    ]);
    // Video: 14, 15, adaptation-only repeats 15, then 0; PAT and audio start at 0; the null packet is untouched.
    expect([1, 2, 3, 6].map((i) => ccOf(out, i))).toEqual([14, 15, 15, 0]);
    expect([0, 4, 5].map((i) => ccOf(out, i))).toEqual([0, 0, 0]);
    expect(readTimestamp(segment, plan.timestamps[0] as number)).toBe(126_000);
  });

  test("a negative delta that crosses zero wraps instead of going negative", () => {
    const plan = planTs(segment);
    const out = patchTs(segment, plan, -126_001, new Map());
    expect(readTimestamp(out, plan.timestamps[0] as number)).toBe(2 ** 33 - 1);
  });

  test("bytes that are not MPEG-TS are refused with the reason", () => {
    expect(() => planTs(new Uint8Array(100))).toThrow(/not whole packets/);
    expect(() => planTs(new Uint8Array(TS_PACKET))).toThrow(/no sync byte/);
    expect(() => planTs(concat(packet({ pid: 0, cc: 0 })))).toThrow(/no timestamped/);
  });
});
