import { describe, expect, test } from "bun:test";
import { VideoTrack } from "./h264.ts";

const hex = (h: string) => Buffer.from(h.replace(/ /g, ""), "hex");
const SPS = "6764000d acd94141 9f9e1000 00030010 00000300 f1429960";
const OTHER_SPS = "6764000d acd94141 9f9e1000 00030010 00000300 f1429961";
const PPS = "68ebe3cb 22c0";
const AUD = "09f0";
const SEI = "0605 01aa 80";
const IDR = "6588 8400 33ff";
const SLICE = "419a 2244";
const SC4 = "00000001";
const SC3 = "000001";

/** A PES-like buffer: 9 header bytes the remuxer may overwrite, then the Annex B access unit. */
const pes = (...parts: string[]) => Buffer.concat([Buffer.alloc(9), hex(parts.join(""))]);
/** The expected AVCC bytes of NAL units. */
const avcc = (...nals: string[]) =>
  Buffer.concat(
    nals.flatMap((n) => {
      const nal = hex(n);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(nal.length);
      return [length, nal];
    }),
  );

const cases = [
  {
    name: "4-byte start codes: AUD and parameter sets leave, SEI and IDR stay, lengths written in place",
    au: pes(SC4, AUD, SC4, SPS, SC4, PPS, SC4, SEI, SC4, IDR),
    expected: { key: true, nals: [SEI, IDR], views: 2 },
  },
  {
    name: "3-byte start codes between slices need their own length headers",
    au: pes(SC4, AUD, SC4, SPS, SC4, PPS, SC3, SLICE, SC3, SLICE, SC3, SLICE),
    expected: { key: false, nals: [SLICE, SLICE, SLICE], views: 5 },
  },
  {
    name: "trailing zero bytes belong to no NAL",
    au: pes(SC4, SPS, SC4, PPS, SC4, IDR, "0000", SC3, SLICE, "000000"),
    expected: { key: true, nals: [IDR, SLICE], views: 2 },
  },
  {
    name: "bytes before the first start code are skipped",
    au: pes("aabb", SC4, SPS, SC4, PPS, SC3, IDR),
    expected: { key: true, nals: [IDR], views: 1 },
  },
];

describe("H.264 access units → AVCC samples", () => {
  test.each(cases)("$name", ({ au, expected }) => {
    const track = new VideoTrack();
    track.addAccessUnit(au, 9, 6000, 3000);
    const result = track.finish(false);
    const [sample] = result?.samples ?? [];
    expect(sample).toMatchObject({ pts: 6000, dts: 3000, key: expected.key, duration: 3000 });
    const bytes = Buffer.concat(sample?.data ?? []);
    expect(bytes.toString("hex")).toBe(avcc(...expected.nals).toString("hex"));
    expect(sample?.size).toBe(bytes.length);
    expect(sample?.data.length).toBe(expected.views);
    expect(result?.config.width).toBe(320);
  });

  test("an access unit of parameter sets only gives no sample; durations come from the next dts", () => {
    const track = new VideoTrack();
    track.addAccessUnit(pes(SC4, SPS, SC4, PPS), 9, 0, 0);
    track.addAccessUnit(pes(SC4, IDR), 9, 3000, 0);
    track.addAccessUnit(pes(SC4, SLICE), 9, 12_000, 1500);
    track.addAccessUnit(pes(SC4, SLICE), 9, 6000, 3000);
    const samples = track.finish(false)?.samples ?? [];
    expect(samples.map((s) => [s.dts, s.duration, s.key])).toEqual([
      [0, 1500, true],
      [1500, 1500, false],
      [3000, 1500, false],
    ]);
  });

  test.each([
    {
      name: "a second, different SPS",
      aus: [pes(SC4, SPS, SC4, PPS, SC4, IDR), pes(SC4, OTHER_SPS, SC4, SLICE)],
      error: /SPS changes/,
    },
    { name: "slices without parameter sets", aus: [pes(SC4, IDR)], error: /without SPS/ },
    {
      name: "decode times going back",
      aus: [pes(SC4, SPS, SC4, PPS, SC4, IDR), pes(SC4, SLICE)],
      error: /do not increase/,
    },
  ])("rejects $name", ({ aus, error }) => {
    const track = new VideoTrack();
    expect(() => {
      aus.forEach((au, i) => {
        track.addAccessUnit(au, 9, 9000 - i * 3000, 9000 - i * 3000);
      });
      track.finish(false);
    }).toThrow(error);
  });
});
