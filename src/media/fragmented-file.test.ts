import { describe, expect, test } from "bun:test";
import { appendFileSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeErrors, probePackets, testSegments } from "../../tests/support/media.ts";
import { appendTsSegments } from "../../tests/support/remux.ts";
import { fillDisk, freeBytes, mountSmallDisk, removeFiller } from "../../tests/support/small-disk.ts";
import { FragmentedMp4File, InitMismatchError } from "./fragmented-file.ts";
import { childBoxes, readFragmentTimes, readInit, writeTfdt } from "./mp4-boxes.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "replayd-fmp4-"));

async function ffprobe(file: string) {
  const proc = Bun.spawn(
    ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file],
    {
      stdout: "pipe",
    },
  );
  return Number((await new Response(proc.stdout).text()).trim());
}

describe("fragmented MP4 recording file", () => {
  test("TS segments become one playable MP4 with its duration in the header and an index at the end", async () => {
    const { segments } = await testSegments("ts");
    const path = join(tmp(), "part01.mp4");
    const file = await FragmentedMp4File.open(path);
    await appendTsSegments(file, segments);
    expect(file.fragmentCount).toBe(segments.length);
    const { durationSeconds, size } = await file.finish();
    expect(durationSeconds).toBeCloseTo(segments.length, 0);
    expect(Bun.file(path).size).toBe(size);
    expect(await ffprobe(path)).toBeCloseTo(durationSeconds, 2);
    expect(await decodeErrors(path)).toBe("");
    const bytes = await Bun.file(path).bytes();
    expect(childBoxes(bytes).at(-1)?.type).toBe("mfra");
  }, 60_000);

  test("after a crash, the file keeps its complete fragments and later ones continue it seamlessly", async () => {
    const { segments } = await testSegments("ts");
    const path = join(tmp(), "part01.mp4");
    const first = await FragmentedMp4File.open(path);
    await appendTsSegments(first, segments.slice(0, 3));
    await first.close();
    // A torn write: half a box at the end, as a kill in the middle of an append leaves it.
    appendFileSync(path, new Uint8Array([0, 0, 0x10, 0, 0x6d, 0x6f, 0x6f, 0x66, 1, 2, 3]));

    const resumed = await FragmentedMp4File.open(path);
    expect(resumed.fragmentCount).toBe(3);
    const video = resumed.tracks.find((t) => t.handler === "vide");
    const videoEnd = resumed.trackEnd(video?.trackId ?? 0) / (video?.timescale ?? 1);
    expect(videoEnd).toBeCloseTo(3, 1);
    // The second run starts its times at zero again; the file moves them to where it ends.
    await appendTsSegments(resumed, segments.slice(3));
    const { durationSeconds } = await resumed.finish();

    expect(durationSeconds).toBeCloseTo(segments.length, 0);
    expect(await decodeErrors(path)).toBe("");
    const { video: times } = await probePackets(path);
    expect(times.length).toBeGreaterThan(segments.length * 25);
    const steps = times.slice(1).map((t, i) => t - (times[i] as number));
    // No hole and no overlap where the second run joined the first: frames stay 1/30 s apart.
    const sorted = [...times].sort((a, b) => a - b);
    const gaps = sorted.slice(1).map((t, i) => t - (sorted[i] as number));
    expect(Math.max(...gaps)).toBeLessThan(0.05);
    expect(steps.length).toBe(times.length - 1);
  }, 60_000);

  test("a stream with different codecs cannot continue a file", async () => {
    const { segments } = await testSegments("ts");
    const audio = await testSegments("ts", { audioOnly: true });
    const path = join(tmp(), "part01.mp4");
    const file = await FragmentedMp4File.open(path);
    await appendTsSegments(file, segments.slice(0, 2));
    await file.close();
    const reopened = await FragmentedMp4File.open(path);
    await expect(appendTsSegments(reopened, audio.segments.slice(0, 2))).rejects.toBeInstanceOf(
      InitMismatchError,
    );
    await reopened.close();
  }, 60_000);

  test("a fragment the full disk cuts short is taken back at once: the file stays playable, the space free", async () => {
    // The boxes of a finished recording, appended again by hand onto a small real filesystem.
    const { segments } = await testSegments("ts");
    const source = join(tmp(), "source.mp4");
    const made = await FragmentedMp4File.open(source);
    await appendTsSegments(made, segments);
    await made.close();
    const bytes = new Uint8Array(await Bun.file(source).bytes());
    const boxes = childBoxes(bytes);
    const moovEnd = boxes.find((b) => b.type === "moov")?.end ?? 0;
    const fragments = boxes
      .filter((b) => b.type === "moof")
      .map((moof) => {
        const mdat = boxes[boxes.indexOf(moof) + 1];
        return { moof: bytes.slice(moof.start, moof.end), mdat: bytes.slice(mdat?.start, mdat?.end) };
      });

    const dir = tmp();
    const disk = mountSmallDisk(dir, 8);
    try {
      const path = join(dir, "part01.mp4");
      const file = await FragmentedMp4File.open(path);
      await file.writeInit(bytes.slice(0, moovEnd));
      for (const f of fragments.slice(0, 2)) await file.appendFragment(f.moof, f.mdat);
      const kept = file.size;
      const third = fragments[2] as (typeof fragments)[number];
      // Room for less than the next fragment.
      const filler = fillDisk(dir, Math.floor(third.mdat.length / 2));
      const freeBefore = freeBytes(dir);
      await expect(file.appendFragment(third.moof, third.mdat)).rejects.toThrow(/ENOSPC|no space/i);
      expect(file.fragmentCount).toBe(2);
      expect(statSync(path).size).toBe(kept);
      expect(freeBytes(dir)).toBeGreaterThanOrEqual(freeBefore);

      removeFiller(filler);
      await file.appendFragment(third.moof, third.mdat);
      await file.finish();
      expect(await decodeErrors(path)).toBe("");
      expect(await ffprobe(path)).toBeCloseTo(3, 0);
    } finally {
      disk.unmount();
    }
  }, 60_000);

  test("fMP4 input (init section, then fragments re-timed and passed through) and audio-only input both make valid files", async () => {
    const fmp4 = await testSegments("fmp4");
    const path = join(tmp(), "part01.mp4");
    const file = await FragmentedMp4File.open(path);
    const init = await Bun.file(fmp4.init as string).bytes();
    await file.writeInit(init);
    const info = readInit(init);
    for (const [i, segmentPath] of fmp4.segments.entries()) {
      const bytes = await Bun.file(segmentPath).bytes();
      const boxes = childBoxes(bytes);
      for (const [k, moof] of boxes.entries()) {
        const mdat = boxes[k + 1];
        if (moof.type !== "moof" || mdat?.type !== "mdat") continue;
        // Each segment moved to follow the previous one, as the recorder's timeline does.
        for (const t of readFragmentTimes(bytes, moof, info.tracks)) {
          const timescale = info.tracks.find((x) => x.trackId === t.trackId)?.timescale ?? 1;
          if (k === 0) writeTfdt(bytes, t, i * timescale);
        }
        await file.appendFragment(bytes.subarray(moof.start, moof.end), bytes.subarray(mdat.start, mdat.end));
      }
    }
    expect((await file.finish()).durationSeconds).toBeCloseTo(fmp4.segments.length, 0);
    expect(await decodeErrors(path)).toBe("");

    const audio = await testSegments("ts", { audioOnly: true });
    const m4a = join(tmp(), "part01.m4a");
    const audioFile = await FragmentedMp4File.open(m4a);
    await appendTsSegments(audioFile, audio.segments);
    expect((await audioFile.finish()).durationSeconds).toBeCloseTo(audio.segments.length, 0);
    expect(await decodeErrors(m4a)).toBe("");
  }, 60_000);
});
