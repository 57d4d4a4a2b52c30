import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { containerErrors, tsFixture } from "../../../tests/support/ts-fixtures.ts";
import { childBoxes, readFragmentTimes, readInit } from "../mp4-boxes.ts";
import { demuxTs, TsDemuxError, tsFragment, tsInit } from "./index.ts";

/**
 * Damaged segments: each either throws TsDemuxError or gives an init and a fragment that parse (our box
 * reader, and ffprobe for a sample of them). Never another exception, never a hang.
 */

/** mulberry32: a small seeded PRNG, so a failing variant can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (bytes: Uint8Array, random: () => number) => Uint8Array;
const int = (random: () => number, below: number) => Math.floor(random() * below);

const MUTATIONS: Record<string, Mutation> = {
  truncate: (b, r) => b.subarray(0, int(r, b.length)),
  flipBytes: (b, r) => {
    const copy = new Uint8Array(b);
    for (let i = 0, n = 1 + int(r, 20); i < n; i++) copy[int(r, copy.length)] = int(r, 256);
    return copy;
  },
  dropPacket: (b, r) => {
    const at = int(r, b.length / 188) * 188;
    return new Uint8Array(Buffer.concat([b.subarray(0, at), b.subarray(at + 188)]));
  },
  duplicatePacket: (b, r) => {
    const at = int(r, b.length / 188) * 188;
    return new Uint8Array(Buffer.concat([b.subarray(0, at + 188), b.subarray(at)]));
  },
  garbage: (_b, r) => Uint8Array.from({ length: int(r, 4000) }, () => int(r, 256)),
  garbagePackets: (_b, r) =>
    Uint8Array.from({ length: 188 * (1 + int(r, 20)) }, (_, i) => (i % 188 === 0 ? 0x47 : int(r, 256))),
  empty: () => new Uint8Array(0),
  flipInPayloads: (b, r) => {
    // Bytes inside packets, never the sync byte: reaches the PES, NAL and ADTS parsers more often.
    const copy = new Uint8Array(b);
    for (let i = 0, n = 1 + int(r, 5); i < n; i++) {
      const at = int(r, copy.length);
      if (at % 188 !== 0) copy[at] = (copy[at] as number) ^ (1 << int(r, 8));
    }
    return copy;
  },
};

const VARIANTS = 300;

describe("demuxTs on damaged input", () => {
  test(`${VARIANTS} seeded variants of real segments: TsDemuxError or parseable output`, async () => {
    const sources = [...(await tsFixture("av")), ...(await tsFixture("audio"))].map(
      async (p) => new Uint8Array(await Bun.file(p).bytes()),
    );
    const segments = await Promise.all(sources);
    const random = prng(20240611);
    const names = Object.keys(MUTATIONS);
    const outcomes = { rejected: 0, remuxed: 0 };
    const probe: Uint8Array[] = [];
    for (let i = 0; i < VARIANTS; i++) {
      const name = names[i % names.length] as string;
      const source = segments[int(random, segments.length)] as Uint8Array;
      const input = (MUTATIONS[name] as Mutation)(source, random);
      const started = performance.now();
      let seg: ReturnType<typeof demuxTs>;
      try {
        seg = demuxTs(input);
      } catch (err) {
        if (!(err instanceof TsDemuxError)) throw new Error(`variant ${i} (${name}): ${err}`);
        outcomes.rejected++;
        continue;
      }
      const init = tsInit(seg);
      const first = Math.min(seg.video?.samples[0]?.dts ?? Infinity, seg.audio?.samples[0]?.pts ?? Infinity);
      const { moof, mdat } = tsFragment(seg, -first, 1);
      const moofBox = childBoxes(moof)[0];
      if (!moofBox) throw new Error(`variant ${i} (${name}): no moof`);
      const times = readFragmentTimes(moof, moofBox, readInit(init).tracks);
      expect(times.length).toBeGreaterThan(0);
      expect(performance.now() - started).toBeLessThan(500);
      outcomes.remuxed++;
      if (probe.length < 12 && i % 5 === 0) probe.push(new Uint8Array(Buffer.concat([init, moof, ...mdat])));
    }
    // Both outcomes must occur, or the mutations do not reach the parsers.
    expect(outcomes.rejected).toBeGreaterThan(20);
    expect(outcomes.remuxed).toBeGreaterThan(20);

    const dir = mkdtempSync(join(tmpdir(), "replayd-ts-fuzz-"));
    const errors = await Promise.all(
      probe.map((file, i) => {
        const path = join(dir, `${i}.mp4`);
        writeFileSync(path, file);
        return containerErrors(path);
      }),
    );
    expect(errors).toEqual(probe.map(() => ""));
  }, 30_000);
});
