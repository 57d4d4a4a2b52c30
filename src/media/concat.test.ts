import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testSegments } from "../../tests/support/media.ts";
import { decodeErrors, probeFile } from "../../tests/support/media-probe.ts";
import { appendTsSegments } from "../../tests/support/remux.ts";
import { concatList, JoinError, joinMp4, lastLines } from "./concat.ts";
import { FragmentedMp4File } from "./fragmented-file.ts";

// Joining part files with the real ffmpeg: parts made the way the recorder makes them (fragmented MP4 from
// TS segments), joined by copy into one seekable MP4 with one timeline.

async function part(dir: string, name: string, audioOnly = false): Promise<string> {
  const { segments } = await testSegments("ts", { audioOnly });
  const path = join(dir, name);
  const file = await FragmentedMp4File.open(path);
  await appendTsSegments(file, segments);
  await file.finish();
  return path;
}

describe("concatList", () => {
  test("one line per file, quotes escaped", () => {
    expect(concatList(["/data/a.mp4", "/data/it's.mp4"])).toBe(
      "file '/data/a.mp4'\nfile '/data/it'\\''s.mp4'\n",
    );
  });
});

describe("lastLines", () => {
  test("the last three lines, without ffmpeg's prefixes and the folders of paths", () => {
    const stderr = [
      "first line that is dropped",
      "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x559f08c98040] moov atom not found",
      "[concat @ 0x559f08c5ca80] Impossible to open '/data/videos/rec-part02.mp4'",
      "/data/videos/rec-playback.mp4.building.concat.txt: Invalid data found when processing input",
      "",
    ].join("\n");
    expect(lastLines(stderr)).toBe(
      "moov atom not found / Impossible to open 'rec-part02.mp4' / rec-playback.mp4.building.concat.txt: Invalid data found when processing input",
    );
  });
});

describe("joinMp4", () => {
  test.each([
    ["video", false, "p.mp4"],
    ["audio-only", true, "p.m4a"],
  ])(
    "%s parts: one file as long as the parts together, decoding cleanly, progress up to the end",
    async (_, audioOnly, ext) => {
      const dir = mkdtempSync(join(tmpdir(), "replayd-concat-"));
      const inputs = [
        await part(dir, `1-${ext}`, audioOnly),
        await part(dir, `2-${ext}`, audioOnly),
        await part(dir, `3-${ext}`, audioOnly),
      ];
      const each = (await probeFile(inputs[0] as string)).duration;
      const output = join(dir, `joined-${ext}`);
      const progress: number[] = [];
      await joinMp4({
        inputs,
        output,
        totalSeconds: 3 * each,
        ffmpegPath: "ffmpeg",
        timeoutMs: 60_000,
        onProgress: (f) => progress.push(f),
      });
      const joined = await probeFile(output);
      expect(Math.abs(joined.duration - 3 * each)).toBeLessThan(0.1);
      expect(await decodeErrors(output)).toBe("");
      expect(progress.at(-1)).toBeGreaterThan(0.95);
      expect(progress.every((p, i) => i === 0 || p > (progress[i - 1] as number))).toBe(true);
      // Nothing left beside it: the concat list is removed.
      expect(readdirSync(dir).filter((f) => f.startsWith("joined"))).toEqual([`joined-${ext}`]);
    },
  );

  test("a file that is not MP4: `failed`, in ffmpeg's words, and no output left", async () => {
    const dir = mkdtempSync(join(tmpdir(), "replayd-concat-"));
    const good = await part(dir, "1.mp4");
    const bad = join(dir, "2.mp4");
    writeFileSync(bad, "this is not a video");
    const output = join(dir, "joined.mp4");
    const err = await joinMp4({
      inputs: [good, bad],
      output,
      totalSeconds: 12,
      ffmpegPath: "ffmpeg",
      timeoutMs: 60_000,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(JoinError);
    expect((err as JoinError).kind).toBe("failed");
    expect((err as JoinError).message).toBe(
      "ffmpeg could not join the parts: moov atom not found / Impossible to open '2.mp4' / joined.mp4.concat.txt: Invalid data found when processing input",
    );
    expect(existsSync(output)).toBe(false);
  });

  test("cancelled: `aborted`, the process gone and no output left; a missing ffmpeg says so", async () => {
    const dir = mkdtempSync(join(tmpdir(), "replayd-concat-"));
    const input = await part(dir, "1.mp4");
    const controller = new AbortController();
    const output = join(dir, "joined.mp4");
    const joining = joinMp4({
      inputs: [input, input],
      output,
      totalSeconds: 12,
      ffmpegPath: "ffmpeg",
      timeoutMs: 60_000,
      signal: controller.signal,
    });
    controller.abort();
    const err = (await joining.catch((e) => e)) as JoinError;
    expect([err.kind, err.message]).toEqual(["aborted", "the build was cancelled"]);
    expect(existsSync(output)).toBe(false);

    const missing = (await joinMp4({
      inputs: [input],
      output,
      totalSeconds: 6,
      ffmpegPath: join(dir, "no-ffmpeg-here"),
      timeoutMs: 60_000,
    }).catch((e) => e)) as JoinError;
    expect([missing.kind, missing.message.startsWith("ffmpeg could not be started")]).toEqual([
      "failed",
      true,
    ]);
  });
});
