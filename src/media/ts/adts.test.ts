import { describe, expect, test } from "bun:test";
import { AudioTrack } from "./adts.ts";

/** An ADTS frame: `body` bytes of `fill`, LC profile unless told, optional CRC. */
function frame(
  body: number,
  options: { fill?: number; rateIndex?: number; channels?: number; crc?: boolean } = {},
) {
  const { fill = 0x11, rateIndex = 3, channels = 2, crc = false } = options;
  const header = crc ? 9 : 7;
  const length = header + body;
  const out = new Uint8Array(length).fill(fill);
  out.set([
    0xff,
    crc ? 0xf0 : 0xf1,
    (1 << 6) | (rateIndex << 2) | (channels >> 2),
    ((channels & 3) << 6) | (length >> 11),
    (length >> 3) & 0xff,
    ((length & 7) << 5) | 0x1f,
    0xfc,
  ]);
  if (crc) out.set([0xab, 0xcd], 7);
  return out;
}
const cat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

interface Case {
  name: string;
  pes: { pts: number | null; bytes: Uint8Array }[];
  /** Per sample: [pts, body length, first body byte]. */
  samples: [number, number, number][];
  asc?: number[];
  rate?: number;
}

const a = frame(100, { fill: 0xa1 });
const b = frame(120, { fill: 0xb2 });
const c = frame(90, { fill: 0xc3 });
const cases: Case[] = [
  {
    name: "one frame, 7-byte header",
    pes: [{ pts: 1000, bytes: a }],
    samples: [[1000, 100, 0xa1]],
    asc: [0x11, 0x90],
  },
  {
    name: "CRC (protection_absent = 0): 9-byte header, CRC stripped",
    pes: [{ pts: 1000, bytes: frame(50, { crc: true, fill: 0x77 }) }],
    samples: [[1000, 50, 0x77]],
  },
  {
    name: "several frames per PES: 1024 samples (1920 ticks at 48 kHz) apart",
    pes: [{ pts: 0, bytes: cat(a, b, c) }],
    samples: [
      [0, 100, 0xa1],
      [1920, 120, 0xb2],
      [3840, 90, 0xc3],
    ],
  },
  {
    name: "a frame straddling two PES keeps its first PES's timing; the next PTS is the next frame's",
    pes: [
      { pts: 0, bytes: cat(a, b.subarray(0, 50)) },
      { pts: 3840, bytes: cat(b.subarray(50), c) },
    ],
    samples: [
      [0, 100, 0xa1],
      [1920, 120, 0xb2],
      [3840, 90, 0xc3],
    ],
  },
  {
    name: "a header split across PES",
    pes: [
      { pts: 0, bytes: cat(a, b.subarray(0, 3)) },
      { pts: 3840, bytes: cat(b.subarray(3), c) },
    ],
    samples: [
      [0, 100, 0xa1],
      [1920, 120, 0xb2],
      [3840, 90, 0xc3],
    ],
  },
  {
    name: "a PES without PTS continues the previous one",
    pes: [
      { pts: 0, bytes: a },
      { pts: null, bytes: b },
    ],
    samples: [
      [0, 100, 0xa1],
      [1920, 120, 0xb2],
    ],
  },
  {
    name: "an incomplete last frame is dropped",
    pes: [{ pts: 0, bytes: cat(a, b.subarray(0, 60)) }],
    samples: [[0, 100, 0xa1]],
  },
  {
    name: "44.1 kHz mono: AudioSpecificConfig and fractional ticks",
    pes: [
      {
        pts: 0,
        bytes: cat(frame(10, { rateIndex: 4, channels: 1 }), frame(10, { rateIndex: 4, channels: 1 })),
      },
    ],
    samples: [
      [0, 10, 0x11],
      [(1024 * 90_000) / 44_100, 10, 0x11],
    ],
    asc: [0x12, 0x08],
    rate: 44_100,
  },
];

describe("ADTS → raw AAC frames", () => {
  test.each(cases)("$name", (c) => {
    const track = new AudioTrack();
    for (const p of c.pes) track.addPes(p.bytes, p.pts);
    const result = track.finish();
    expect(result?.samples.map((s) => [s.pts, s.data.length, s.data[0]])).toEqual(c.samples);
    if (c.asc) expect([...(result?.config.asc ?? [])]).toEqual(c.asc);
    expect(result?.config.sampleRate).toBe(c.rate ?? 48_000);
    expect(result?.config.codec).toBe("mp4a.40.2");
    expect(result?.samples[0]?.duration).toBe((1024 * 90_000) / (c.rate ?? 48_000));
  });

  test.each([
    { name: "lost sync", bytes: cat(a, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)), error: /lost ADTS sync/ },
    {
      name: "configuration change",
      bytes: cat(a, frame(10, { channels: 1 })),
      error: /configuration changes/,
    },
    { name: "channel configuration 0", bytes: frame(10, { channels: 0 }), error: /channel configuration/ },
    { name: "invalid rate index", bytes: frame(10, { rateIndex: 14 }), error: /sampling rate/ },
  ])("rejects $name", ({ bytes, error }) => {
    expect(() => new AudioTrack().addPes(bytes, 0)).toThrow(error);
  });
});
