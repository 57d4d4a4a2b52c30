import { beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testSegments } from "../../tests/support/media.ts";
import { appendTsSegments } from "../../tests/support/remux.ts";
import { type ByteSource, type FragmentIndex, indexFromMfra, scanFragments } from "./fragment-index.ts";
import { FragmentIndexCache } from "./fragment-index-cache.ts";
import { FragmentedMp4File } from "./fragmented-file.ts";
import { childBoxes } from "./mp4-boxes.ts";

/** A part recorded the way the recorder does it: its bytes before finishing, and once finished. */
interface RecordedPart {
  growing: Uint8Array;
  finished: Uint8Array;
  /** The moofs' offsets, read independently with a plain box walk. */
  moofs: number[];
  initLength: number;
}

async function recordPart(audioOnly: boolean): Promise<RecordedPart> {
  const { segments } = await testSegments("ts", { audioOnly });
  const path = join(mkdtempSync(join(tmpdir(), "replayd-index-")), audioOnly ? "p.m4a" : "p.mp4");
  const file = await FragmentedMp4File.open(path);
  await appendTsSegments(file, segments);
  const growing = new Uint8Array(await Bun.file(path).bytes());
  await file.finish();
  const finished = new Uint8Array(await Bun.file(path).bytes());
  const boxes = childBoxes(growing);
  return {
    growing,
    finished,
    moofs: boxes.filter((b) => b.type === "moof").map((b) => b.start),
    initLength: boxes.find((b) => b.type === "moov")?.end ?? 0,
  };
}

/** Bytes as a source, counting what is read. */
function source(bytes: Uint8Array, reads: { offset: number; length: number }[] = []): ByteSource {
  return {
    size: bytes.length,
    read: async (offset, length) => {
      reads.push({ offset, length });
      return bytes.slice(offset, offset + length);
    },
  };
}

let av: RecordedPart;
let audio: RecordedPart;
beforeAll(async () => {
  [av, audio] = await Promise.all([recordPart(false), recordPart(true)]);
}, 60_000);

/** Fragments tile the file from the init on, times follow on without holes. */
function expectWellFormed(index: FragmentIndex, part: RecordedPart) {
  expect(index.initLength).toBe(part.initLength);
  let at = index.initLength;
  for (const [i, f] of index.fragments.entries()) {
    expect(f.offset).toBe(at);
    expect(f.offset).toBe(part.moofs[i] as number);
    at += f.length;
    const next = index.fragments[i + 1];
    if (next) expect(next.start).toBeCloseTo(f.start + f.duration, 3);
  }
  expect(index.end).toBe(at);
}

describe("the fragment index of a part file", () => {
  const cases: {
    name: string;
    part: () => RecordedPart;
    bytes: (p: RecordedPart) => Uint8Array;
    fragments: number | null;
    finished?: boolean;
    seconds?: number;
  }[] = [
    {
      name: "half an init section: nothing yet",
      part: () => av,
      bytes: (p) => p.growing.subarray(0, p.initLength - 10),
      fragments: null,
    },
    {
      name: "the init section alone: no fragment",
      part: () => av,
      bytes: (p) => p.growing.subarray(0, p.initLength),
      fragments: 0,
    },
    {
      name: "being written, every fragment complete",
      part: () => av,
      bytes: (p) => p.growing,
      fragments: 6,
      seconds: 6,
    },
    {
      name: "a torn moof at the tail is left out",
      part: () => av,
      bytes: (p) => p.growing.subarray(0, (p.moofs[5] as number) + 30),
      fragments: 5,
      seconds: 5,
    },
    {
      name: "a whole moof whose mdat is still being written is left out",
      part: () => av,
      bytes: (p) => p.growing.subarray(0, p.growing.length - 100),
      fragments: 5,
    },
    {
      name: "finished: the mfra ends the index",
      part: () => av,
      bytes: (p) => p.finished,
      fragments: 6,
      finished: true,
      seconds: 6,
    },
    {
      name: "audio only, a fragment per segment",
      part: () => audio,
      bytes: (p) => p.growing,
      fragments: 6,
      seconds: 6,
    },
  ];

  test.each(cases)("$name", async ({ part, bytes, fragments, finished, seconds }) => {
    const state = await scanFragments(source(bytes(part())));
    if (fragments === null) {
      expect(state).toBeNull();
      return;
    }
    const index = state?.index as FragmentIndex;
    expect(index.fragments.length).toBe(fragments);
    expect(index.finished).toBe(finished ?? false);
    expectWellFormed(index, part());
    const total = index.fragments.reduce((s, f) => s + f.duration, 0);
    if (seconds !== undefined) expect(total).toBeCloseTo(seconds, 1);
    expect(index.fragments[0]?.start ?? 0).toBeCloseTo(0, 1);
  });

  test.each([
    ["video", () => av],
    ["audio only", () => audio],
  ] as const)("the mfra of a finished %s part gives the scan's index in a few reads", async (_, part) => {
    const reads: { offset: number; length: number }[] = [];
    const fromMfra = (await indexFromMfra(source(part().finished, reads)))?.index;
    const scanned = (await scanFragments(source(part().finished)))?.index;
    expect(reads.length).toBeLessThanOrEqual(4);
    expect(fromMfra?.end).toBe(scanned?.end as number);
    expect(fromMfra?.fragments.map((f) => [f.offset, f.length])).toEqual(
      scanned?.fragments.map((f) => [f.offset, f.length]) ?? [],
    );
    for (const [i, f] of (fromMfra?.fragments ?? []).entries()) {
      expect(f.start).toBeCloseTo(scanned?.fragments[i]?.start ?? -1, 3);
      expect(f.duration).toBeCloseTo(scanned?.fragments[i]?.duration ?? -1, 3);
    }
  });

  test("a file without an mfra has no mfra index (the caller scans it)", async () => {
    expect(await indexFromMfra(source(av.growing))).toBeNull();
    expect(await indexFromMfra(source(av.growing.subarray(0, 10)))).toBeNull();
  });
});

describe("indexes kept between requests", () => {
  const target = (bytes: Uint8Array, reads: { offset: number; length: number }[], identity = "a") => ({
    key: "part01.mp4",
    identity,
    size: bytes.length,
    finished: false,
    open: () => source(bytes, reads),
  });

  test("a growing file is scanned on from where its last scan stopped; shrunk or replaced, from the start", async () => {
    const cache = new FragmentIndexCache();
    const cut = (n: number) => av.growing.subarray(0, av.moofs[n] as number);

    const first: { offset: number; length: number }[] = [];
    expect((await cache.index(target(cut(2), first)))?.fragments.length).toBe(2);

    // Unchanged size: nothing is read.
    const again: { offset: number; length: number }[] = [];
    expect((await cache.index(target(cut(2), again)))?.fragments.length).toBe(2);
    expect(again).toEqual([]);

    // Grown: only what lies past the last fragment is read.
    const grown: { offset: number; length: number }[] = [];
    const index = await cache.index(target(av.growing, grown));
    expect(index?.fragments.length).toBe(6);
    expect(Math.min(...grown.map((r) => r.offset))).toBe(av.moofs[2] as number);

    // Shrunk (a recovered file cut its torn tail): scanned anew.
    const shrunk: { offset: number; length: number }[] = [];
    expect((await cache.index(target(cut(4), shrunk)))?.fragments.length).toBe(4);
    expect(shrunk[0]?.offset).toBe(0);

    // Replaced by another file at the same size: scanned anew.
    const replaced: { offset: number; length: number }[] = [];
    expect((await cache.index(target(cut(4), replaced, "b")))?.fragments.length).toBe(4);
    expect(replaced[0]?.offset).toBe(0);
  });

  test("concurrent requests for one file share the scans; a finished file is read once", async () => {
    const cache = new FragmentIndexCache();
    const reads: { offset: number; length: number }[] = [];
    const finished = { ...target(av.finished, reads), finished: true };
    const all = await Promise.all([cache.index(finished), cache.index(finished), cache.index(finished)]);
    expect(all.map((i) => i?.fragments.length)).toEqual([6, 6, 6]);
    const afterFirst = reads.length;
    expect(afterFirst).toBeLessThanOrEqual(4);
    await cache.index({ ...finished, size: av.finished.length + 10 });
    expect(reads.length).toBe(afterFirst);
  });

  test("the least recently used index goes past the limit", async () => {
    const cache = new FragmentIndexCache(2);
    const reads: { offset: number; length: number }[] = [];
    for (const key of ["a", "b", "a", "c"])
      await cache.index({ ...target(av.growing, reads), key, identity: key });
    const before = reads.length;
    await cache.index({ ...target(av.growing, reads), key: "a", identity: "a" });
    expect(reads.length).toBe(before);
    await cache.index({ ...target(av.growing, reads), key: "b", identity: "b" });
    expect(reads.length).toBeGreaterThan(before);
  });
});
