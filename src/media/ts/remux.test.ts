import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeErrors } from "../../../tests/support/media.ts";
import {
  adtsFixture,
  probeRawPts,
  probeStreams,
  type StreamProbe,
  type TsFixtureName,
  tsFixture,
} from "../../../tests/support/ts-fixtures.ts";
import { adtsFrames, packetise, withCrc } from "../../../tests/support/ts-packetise.ts";
import { FragmentedMp4File } from "../fragmented-file.ts";
import { childBoxes, readInit } from "../mp4-boxes.ts";
import { demuxTs, tsConfigSignature, tsFragment, tsInit, tsSegmentTimes } from "./index.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "replayd-ts-remux-"));
const read = async (path: string) => new Uint8Array(await Bun.file(path).bytes());

/** Remuxes segments into one MP4, each laid where the previous one ended (as the recorder does). */
async function remux(segments: Uint8Array[], path: string): Promise<void> {
  const file = await FragmentedMp4File.open(path);
  let end: number | null = null;
  for (const [i, bytes] of segments.entries()) {
    const seg = demuxTs(bytes);
    const times = tsSegmentTimes(seg);
    const lead = times.video ?? times.audio;
    if (!lead) throw new Error("segment without media");
    // The first segment starts its earliest stream at zero; the next ones continue the leading stream.
    const first = Math.min(times.video?.first ?? Infinity, times.audio?.first ?? Infinity);
    const offsetSeconds: number = end === null ? -first : end - lead.first;
    if (i === 0) await file.writeInit(tsInit(seg));
    const { moof, mdat } = tsFragment(seg, Math.round(offsetSeconds * 90_000), i + 1);
    await file.appendFragment(moof, mdat);
    end = lead.end + offsetSeconds;
  }
  await file.finish();
}

/** ffprobe's view of TS segments one by one, summed: packets, and durations (each segment's span). */
async function probeSegments(paths: string[]) {
  const total = { video: null as StreamProbe | null, audio: null as StreamProbe | null };
  for (const path of paths) {
    const probe = await probeStreams(path);
    for (const kind of ["video", "audio"] as const) {
      const p = probe[kind];
      if (!p) continue;
      const t = total[kind] ?? { packets: 0, duration: 0, start: p.start };
      total[kind] = { packets: t.packets + p.packets, duration: t.duration + p.duration, start: t.start };
    }
  }
  return total;
}

/** ADTS with CRC in PES of 1500 bytes each: frames straddle PES, which ffmpeg never writes. */
async function crcSegments(): Promise<string[]> {
  const frames = adtsFrames(await adtsFixture(6)).map(withCrc);
  const dir = tmp();
  const paths: string[] = [];
  const perSegment = Math.floor(frames.length / 3);
  for (let s = 0; s < 3; s++) {
    const bytes = Buffer.concat(frames.slice(s * perSegment, (s + 1) * perSegment));
    const pes = [];
    // A PES's PTS is that of the first frame starting in it: cut points found by walking the frames.
    let frameStart = 0;
    let frame = s * perSegment;
    for (let at = 0; at < bytes.length; at += 1500) {
      while (frameStart < at) frameStart += (frames[frame++] as Uint8Array).length;
      pes.push({ pts: 126_000 + frame * 1920, data: bytes.subarray(at, at + 1500) });
    }
    const path = join(dir, `crc${s}.ts`);
    writeFileSync(path, packetise([{ pid: 0x101, streamType: 0x0f, streamId: 0xc0, pes }]));
    paths.push(path);
  }
  return paths;
}

interface Case {
  name: string;
  segments: () => Promise<string[]>;
  tracks: string[];
}

const fixture = (name: TsFixtureName) => () => tsFixture(name);
const cases: Case[] = [
  { name: "H.264 with B-frames and AAC 48 kHz", segments: fixture("av"), tracks: ["vide", "soun"] },
  {
    name: "timestamps crossing the 33-bit wrap mid-segment",
    segments: fixture("wrap"),
    tracks: ["vide", "soun"],
  },
  { name: "audio-only AAC 44.1 kHz", segments: fixture("audio"), tracks: ["soun"] },
  { name: "ADTS with CRC, frames straddling PES", segments: crcSegments, tracks: ["soun"] },
];

describe("TS segments → fragmented MP4", () => {
  test.each(cases)(
    "$name: decodes cleanly with the input's frames and durations",
    async (c) => {
      const paths = await c.segments();
      const path = join(tmp(), "out.mp4");
      await remux(await Promise.all(paths.map(read)), path);

      expect(await decodeErrors(path)).toBe("");
      const init = await read(path);
      const info = readInit(init.subarray(0, childBoxes(init).find((b) => b.type === "moov")?.end));
      expect(info.tracks.map((t) => [t.trackId, t.handler])).toEqual(c.tracks.map((h, i) => [i + 1, h]));
      const input = await probeSegments(paths);
      const output = await probeStreams(path);
      for (const kind of ["video", "audio"] as const) {
        expect(output[kind]?.packets).toBe(input[kind]?.packets);
        if (!input[kind]) continue;
        const frame = kind === "video" ? 1 / 30 : 1024 / 44100;
        expect(Math.abs((output[kind]?.duration ?? 0) - (input[kind]?.duration ?? 0))).toBeLessThanOrEqual(
          frame,
        );
      }
    },
    30_000,
  );

  test("the wrap fixture really wraps inside its second segment, and demuxed times never go back", async () => {
    const paths = await tsFixture("wrap");
    // ffprobe shows times before the wrap as negative, those after as positive.
    const raw = await probeRawPts(paths[1] as string);
    expect(raw.some((t) => t < 0) && raw.some((t) => t > 0)).toBe(true);
    const seg = demuxTs(await read(paths[1] as string));
    const dts = seg.video?.samples.map((s) => s.dts) ?? [];
    expect(Math.max(...dts)).toBeGreaterThan(2 ** 33);
    for (let i = 1; i < dts.length; i++) expect((dts[i] as number) - (dts[i - 1] as number)).toBe(3000);
  }, 30_000);

  test("audio-only output is an M4A-branded file with one track", async () => {
    const [first] = await tsFixture("audio");
    const init = tsInit(demuxTs(await read(first as string)));
    expect(Buffer.from(init.subarray(8, 12)).toString()).toBe("M4A ");
    expect(readInit(init).tracks).toEqual([
      { trackId: 1, timescale: 44100, defaultSampleDuration: 0, handler: "soun" },
    ]);
  }, 30_000);

  test("a resolution change between segments changes the signature; each side remuxes on its own", async () => {
    const small = await Promise.all((await tsFixture("small")).map(read));
    const large = await Promise.all((await tsFixture("large")).map(read));
    const signature = (bytes: Uint8Array) => tsConfigSignature(demuxTs(bytes));
    expect(signature(small[0] as Uint8Array)).toBe(signature(small[1] as Uint8Array));
    expect(signature(large[0] as Uint8Array)).toBe(signature(large[1] as Uint8Array));
    expect(signature(small[1] as Uint8Array)).not.toBe(signature(large[0] as Uint8Array));
    expect(demuxTs(large[0] as Uint8Array).video?.config).toMatchObject({ width: 480, height: 270 });
    for (const [name, segments] of [
      ["small", small],
      ["large", large],
    ] as const) {
      const path = join(tmp(), `${name}.mp4`);
      await remux(segments, path);
      expect(await decodeErrors(path)).toBe("");
    }
  }, 30_000);

  test("a segment cut mid-packet keeps its whole frames only and still decodes cleanly", async () => {
    const paths = await tsFixture("av");
    const segments = await Promise.all(paths.map(read));
    const middle = segments[1] as Uint8Array;
    for (const cut of [0.3, 0.5, 0.77]) {
      const at = Math.floor(middle.length * cut) + 97; // not a packet boundary
      const truncated = middle.subarray(0, at);
      const dir = tmp();
      writeFileSync(join(dir, "cut.ts"), truncated);
      const path = join(dir, "out.mp4");
      await remux([segments[0] as Uint8Array, truncated, segments[2] as Uint8Array], path);
      expect(await decodeErrors(path)).toBe("");
      // ffprobe counts the torn last frame of the cut segment; the remuxer drops it, and the reference
      // frames whose B-frames were lost with it (at most a mini-GOP: -bf 2).
      const seen = await probeStreams(join(dir, "cut.ts"));
      const demuxed = demuxTs(truncated);
      const kept = demuxed.video?.samples.length ?? 0;
      expect(kept).toBeLessThan(seen.video?.packets ?? 0);
      expect(kept).toBeGreaterThanOrEqual((seen.video?.packets ?? 0) - 4);
      // What is kept shows without a hole: frame after frame, 1/30 s apart.
      const shown = (demuxed.video?.samples ?? []).map((s) => s.pts).sort((a, b) => a - b);
      expect(new Set(shown.slice(1).map((t, i) => t - (shown[i] as number)))).toEqual(new Set([3000]));
      expect(demuxed.audio?.samples.length).toBeLessThanOrEqual(seen.audio?.packets ?? 0);
    }
  }, 30_000);
});
