import { describe, expect, test } from "bun:test";
import { initTracks, patchMp4, planMp4 } from "./mp4.timestamps.ts";

function box(type: string, ...children: Uint8Array[]): Uint8Array {
  const body = children.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(8 + body);
  new DataView(out.buffer).setUint32(0, 8 + body);
  out.set(new TextEncoder().encode(type), 4);
  let at = 8;
  for (const child of children) {
    out.set(child, at);
    at += child.length;
  }
  return out;
}

function fullBox(type: string, version: number, fields: (view: DataView) => void, size: number): Uint8Array {
  const body = new Uint8Array(4 + size);
  body[0] = version;
  fields(new DataView(body.buffer, 4));
  return box(type, body);
}

const u32 = (value: number) => (v: DataView) => v.setUint32(0, value);
const tfdt = (version: number, value: number) =>
  fullBox(
    "tfdt",
    version,
    (v) => (version ? v.setBigUint64(0, BigInt(value)) : v.setUint32(0, value)),
    version ? 8 : 4,
  );
const traf = (track: number, time: number, version = 1) =>
  box("traf", fullBox("tfhd", 0, u32(track), 4), tfdt(version, time));
const sidx = (track: number, time: number) =>
  fullBox(
    "sidx",
    0,
    (v) => {
      v.setUint32(0, track);
      v.setUint32(4, 90_000);
      v.setUint32(8, time);
    },
    24,
  );

const fragment = new Uint8Array([
  ...box("styp"),
  ...sidx(1, 30_720),
  ...box("moof", fullBox("mfhd", 0, u32(2), 4), traf(1, 30_720), traf(2, 97_280, 0)),
  ...box("mdat", new Uint8Array([1, 2, 3])),
]);

describe("fMP4 timestamps", () => {
  test("the plan finds the fragment number, each track's decode time and the sidx time", () => {
    const plan = planMp4(fragment);
    expect(plan.mfhd).toHaveLength(1);
    expect(plan.tfdt.map((t) => [t.trackId, t.wide])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(Object.fromEntries(plan.firstDecodeTime)).toEqual({ 1: 30_720, 2: 97_280 });
    expect(plan.sidx).toHaveLength(1);
  });

  test("patching moves each track by its own delta and renumbers the fragment, leaving media bytes alone", () => {
    const plan = planMp4(fragment);
    const out = patchMp4(
      fragment,
      plan,
      new Map([
        [1, 1_000_000],
        [2, 48_000],
      ]),
      77,
    );
    const after = planMp4(out);
    expect(Object.fromEntries(after.firstDecodeTime)).toEqual({ 1: 1_030_720, 2: 145_280 });
    const view = new DataView(out.buffer);
    expect(view.getUint32(plan.mfhd[0] as number)).toBe(77);
    expect(view.getUint32(plan.sidx[0]?.at as number)).toBe(1_030_720);
    expect([...out.slice(-3)]).toEqual([1, 2, 3]);
    expect(new DataView(fragment.buffer).getUint32(plan.mfhd[0] as number)).toBe(2);
  });

  test("an init segment tells each track's timescale and kind", () => {
    const trak = (id: number, scale: number, handler: string) =>
      box(
        "trak",
        fullBox("tkhd", 0, (v) => v.setUint32(8, id), 80),
        box(
          "mdia",
          fullBox("mdhd", 0, (v) => v.setUint32(8, scale), 20),
          fullBox("hdlr", 0, (v) => new Uint8Array(v.buffer).set(new TextEncoder().encode(handler), 8), 20),
        ),
      );
    const init = new Uint8Array([
      ...box("ftyp"),
      ...box("moov", trak(1, 15_360, "vide"), trak(2, 48_000, "soun")),
    ]);
    expect(Object.fromEntries(initTracks(init))).toEqual({
      1: { timescale: 15_360, handler: "vide" },
      2: { timescale: 48_000, handler: "soun" },
    });
  });

  test("broken boxes are refused with where they broke", () => {
    expect(() => planMp4(new Uint8Array([0, 0, 0, 99, 0x6d, 0x6f, 0x6f, 0x66]))).toThrow(
      /bad box size 99 at 0/,
    );
    expect(() => planMp4(box("moof", fullBox("mfhd", 0, u32(1), 4)))).toThrow(/no tfdt/);
  });
});
