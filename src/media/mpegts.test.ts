import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { probePackets, testSegments } from "../../tests/support/media.ts";
import {
  MpegTsError,
  notWholePackets,
  scanTimestamps,
  shiftTimestamps,
  signedDiff,
  TS_CLOCK,
} from "./mpegts.ts";

describe("MPEG-TS timestamps", () => {
  test("scan reads a segment's first decode time and last presentation time", async () => {
    const { segments } = await testSegments("ts");
    const first = scanTimestamps(await Bun.file(segments[0] as string).bytes());
    const second = scanTimestamps(await Bun.file(segments[1] as string).bytes());
    expect(first?.video).not.toBeNull();
    expect(first?.audio).not.toBeNull();
    // Each stream's end is where the next segment's same stream begins.
    expect(Math.abs((first?.video?.end ?? 0) - (second?.video?.first ?? 0))).toBeLessThan(TS_CLOCK / 100);
    expect(Math.abs((first?.audio?.end ?? 0) - (second?.audio?.first ?? 0))).toBeLessThan(TS_CLOCK / 1000);
    // Consecutive 1-second segments: the second starts where the first ends.
    const gap = ((second?.start ?? 0) - (first?.start ?? 0)) / TS_CLOCK;
    expect(gap).toBeCloseTo(1, 1);
  }, 60_000);

  test("shift moves every video and audio timestamp by exactly the delta, and ffprobe agrees", async () => {
    const { segments } = await testSegments("ts");
    const original = await Bun.file(segments[2] as string).bytes();
    const shifted = new Uint8Array(original);
    shiftTimestamps(shifted, 1000 * TS_CLOCK);
    const dir = mkdtempSync(join(tmpdir(), "replayd-ts-"));
    writeFileSync(join(dir, "a.ts"), original);
    writeFileSync(join(dir, "b.ts"), shifted);
    const before = await probePackets(join(dir, "a.ts"));
    const after = await probePackets(join(dir, "b.ts"));
    expect(after.video.length).toBe(before.video.length);
    expect(after.video.length).toBeGreaterThan(10);
    for (const [i, t] of after.video.entries()) expect(t - (before.video[i] as number)).toBeCloseTo(1000, 3);
    for (const [i, t] of after.audio.entries()) expect(t - (before.audio[i] as number)).toBeCloseTo(1000, 3);
  }, 60_000);

  test("a negative shift past zero wraps around the 33-bit clock and scan unwraps it", async () => {
    const { segments } = await testSegments("ts");
    const data = new Uint8Array(await Bun.file(segments[1] as string).bytes());
    const before = scanTimestamps(data);
    shiftTimestamps(data, -((before?.start ?? 0) + TS_CLOCK / 2));
    const after = scanTimestamps(data);
    expect(Math.round(((after?.end ?? 0) - (after?.start ?? 0)) / 90)).toBe(
      Math.round(((before?.end ?? 0) - (before?.start ?? 0)) / 90),
    );
  }, 60_000);

  test("bytes that are not MPEG-TS are refused", () => {
    expect(() => scanTimestamps(new Uint8Array(376).fill(1))).toThrow(MpegTsError);
  });

  test.each([
    [10, 5, 5],
    [5, 10, -5],
    [3, 2 ** 33 - 3, 6],
    [2 ** 33 - 3, 3, -6],
  ])("signedDiff(%p, %p) = %p", (b, a, d) => {
    expect(signedDiff(b, a)).toBe(d);
  });
});

describe("notWholePackets", () => {
  const packets = (n: number) => {
    const out = new Uint8Array(188 * n);
    for (let i = 0; i < n; i++) out[i * 188] = 0x47;
    return out;
  };
  test.each([
    ["three whole packets", packets(3), null],
    [
      "cut inside the last packet",
      packets(3).subarray(0, 500),
      "the body ends inside a TS packet (500 bytes)",
    ],
    ["not starting on a packet", packets(3).subarray(1, 189), "the body does not start with a TS packet"],
    ["empty", new Uint8Array(0), "the body does not start with a TS packet"],
  ])("%s", (_name, bytes, expected) => {
    expect(notWholePackets(bytes)).toBe(expected);
  });
});
