import { describe, expect, test } from "bun:test";
import { tsFixture } from "../../../tests/support/ts-fixtures.ts";
import { packetise, type TsStreamSpec } from "../../../tests/support/ts-packetise.ts";
import { demuxTs, TsDemuxError, type TsSegment } from "./index.ts";

/** Packet-level structure: what a damaged segment becomes (samples, or a TsDemuxError saying why). */

const VIDEO_PID = 0x100; // ffmpeg's defaults
const AUDIO_PID = 0x101;

const packets = (bytes: Uint8Array) => {
  const out: Uint8Array[] = [];
  for (let at = 0; at + 188 <= bytes.length; at += 188) out.push(bytes.subarray(at, at + 188));
  return out;
};
const join = (parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const pid = (p: Uint8Array) => (((p[1] as number) & 0x1f) << 8) | (p[2] as number);
const pusi = (p: Uint8Array) => ((p[1] as number) & 0x40) !== 0;
/** Index of the `n`th packet of `wanted` that does not start a PES. */
const continuation = (all: Uint8Array[], wanted: number, n: number) =>
  all.map((p, i) => (pid(p) === wanted && !pusi(p) ? i : -1)).filter((i) => i >= 0)[n] as number;

/** Two ADTS frames (48 kHz stereo LC) with `size`-byte bodies. */
function adts(size: number): Uint8Array {
  const length = size + 7;
  const frame = new Uint8Array(length).fill(0x21);
  frame.set([
    0xff,
    0xf1,
    0x4c,
    0x80 | (length >> 11),
    (length >> 3) & 0xff,
    ((length & 7) << 5) | 0x1f,
    0xfc,
  ]);
  return frame;
}
const audioStream = (extra: Partial<TsStreamSpec> = {}): TsStreamSpec => ({
  pid: AUDIO_PID,
  streamType: 0x0f,
  streamId: 0xc0,
  pes: [0, 1, 2].map((k) => ({ pts: 90_000 + k * 3840, data: Buffer.concat([adts(300), adts(280)]) })),
  ...extra,
});

const summary = (seg: TsSegment) => ({
  video: seg.video?.samples.map((s) => [s.dts, s.size]),
  audio: seg.audio?.samples.map((s) => [s.pts, s.data.length]),
});

interface Case {
  name: string;
  make: (segment: Uint8Array) => Uint8Array;
  /** A TsDemuxError message pattern, or "same": the demuxed samples equal the original's. */
  expect: RegExp | "same" | ((seg: TsSegment) => void);
}

const cases: Case[] = [
  { name: "empty input", make: () => new Uint8Array(0), expect: /no H.264 or AAC/ },
  {
    name: "input not starting on a packet",
    make: (s) => s.subarray(5),
    expect: /does not start with a TS packet/,
  },
  {
    name: "garbage inside (sync lost)",
    make: (s) => join([s.subarray(0, 188 * 50), new Uint8Array([1, 2, 3]), s.subarray(188 * 50)]),
    expect: /lost TS sync at byte 9400/,
  },
  {
    name: "a lost video packet (continuity counter jumps)",
    make: (s) => {
      const all = packets(s);
      all.splice(continuation(all, VIDEO_PID, 40), 1);
      return join(all);
    },
    expect: /video packets lost/,
  },
  {
    name: "a lost audio packet",
    make: (s) => {
      const all = packets(s);
      all.splice(continuation(all, AUDIO_PID, 3), 1);
      return join(all);
    },
    expect: /audio packets lost/,
  },
  {
    name: "a repeated packet (allowed once) is skipped",
    make: (s) => {
      const all = packets(s);
      const at = continuation(all, VIDEO_PID, 40);
      all.splice(at, 0, all[at] as Uint8Array);
      return join(all);
    },
    expect: "same",
  },
  {
    name: "a packet flagged with a transport error",
    make: (s) => {
      const copy = new Uint8Array(s);
      const at = continuation(packets(s), VIDEO_PID, 10) * 188;
      copy[at + 1] = (copy[at + 1] as number) | 0x80;
      return copy;
    },
    expect: /transport error/,
  },
  {
    name: "a partial packet at the end marks the input cut: the open last video PES goes, audio stays",
    make: (s) => join([s, s.subarray(0, 100)]),
    expect: (seg) => {
      expect(seg.audio?.samples.length).toBe(92);
      expect(seg.video?.samples.length).toBeGreaterThanOrEqual(57);
      expect(seg.video?.samples.length).toBeLessThan(60);
    },
  },
  {
    name: "PES for other streams (ID3 timed metadata) are dropped",
    make: () =>
      packetise([
        audioStream(),
        {
          pid: 0x102,
          streamType: 0x15,
          streamId: 0xbd,
          pes: [{ pts: 90_000, data: new Uint8Array(500).fill(7) }],
        },
      ]),
    expect: (seg) => {
      expect(seg.video).toBeNull();
      expect(seg.audio?.samples.map((s) => s.data.length)).toEqual([300, 280, 300, 280, 300, 280]);
    },
  },
  {
    name: "an audio PES whose declared length exceeds its packets, mid-segment",
    make: () => {
      const bytes = packetise([audioStream()]);
      const first = 2 * 188; // after PAT and PMT; payload follows a 4-byte header (184-byte chunks)
      bytes[first + 4 + 5] = (bytes[first + 4 + 5] as number) + 1;
      return bytes;
    },
    expect: /audio PES length does not match/,
  },
  {
    name: "the last audio PES short of its declared length is dropped",
    make: () => {
      const bytes = packetise([audioStream()]);
      return bytes.subarray(0, bytes.length - 188);
    },
    expect: (seg) => expect(seg.audio?.samples.length).toBe(4),
  },
  {
    name: "an unbounded video PES cut at the end is dropped; whole ones are kept",
    make: () =>
      packetise([
        {
          pid: VIDEO_PID,
          streamType: 0x1b,
          streamId: 0xe0,
          pes: [0, 1, 2].map((k) => ({
            pts: 93_000 + 3000 * k,
            dts: 90_000 + 3000 * k,
            unbounded: true,
            data: idrAccessUnit(),
          })),
        },
      ]).subarray(0, -50),
    expect: (seg) => expect(seg.video?.samples.map((s) => s.dts)).toEqual([90_000, 93_000]),
  },
  {
    name: "PSI only, no media",
    make: (s) => join(packets(s).filter((p) => pid(p) === 0 || pid(p) === 0x1000)),
    expect: /no H.264 or AAC/,
  },
];

/** SPS (320x180 High) + PPS + an IDR slice, Annex B: 300-odd bytes, so each PES spans two packets. */
function idrAccessUnit(): Uint8Array {
  const hex = (h: string) => Buffer.from(h.replace(/ /g, ""), "hex");
  const sps = hex("00000001 6764000d acd94141 9f9e1000 00030010 00000300 f1429960");
  const pps = hex("00000001 68ebe3cb 22c0");
  const idr = hex("00000001 65888400 33");
  return new Uint8Array(Buffer.concat([sps, pps, idr, Buffer.alloc(300, 0x5a)]));
}

describe("demuxTs: packet structure", () => {
  test.each(cases)(
    "$name",
    async (c) => {
      const [path] = await tsFixture("av");
      const original = new Uint8Array(await Bun.file(path as string).bytes());
      const input = c.make(original);
      if (c.expect instanceof RegExp) {
        const error = (() => {
          try {
            demuxTs(input);
          } catch (err) {
            return err;
          }
        })();
        expect(error).toBeInstanceOf(TsDemuxError);
        expect((error as Error).message).toMatch(c.expect);
      } else if (c.expect === "same") {
        expect(summary(demuxTs(input))).toEqual(summary(demuxTs(original)));
      } else {
        c.expect(demuxTs(input));
      }
    },
    30_000,
  );
});
