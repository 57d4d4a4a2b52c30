import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testSegments } from "../../tests/support/media.ts";
import { probe } from "./ffprobe.ts";
import { thumbnailTime, writeStrip, writeThumbnail } from "./stills.ts";

async function sampleMp4(): Promise<string> {
  const { segments } = await testSegments("ts");
  const out = join(mkdtempSync(join(tmpdir(), "replayd-stills-")), "in.mp4");
  const proc = Bun.spawn([
    "ffmpeg",
    "-nostdin",
    "-v",
    "error",
    "-y",
    "-i",
    `concat:${segments.join("|")}`,
    "-c",
    "copy",
    out,
  ]);
  await proc.exited;
  return out;
}

describe("stills", () => {
  test("probe reads duration and the video and audio streams", async () => {
    const info = await probe(await sampleMp4());
    expect(info.durationSeconds).toBeCloseTo(6, 0);
    expect(info.video).toMatchObject({ codec: "h264", width: 320, height: 180, fps: 30 });
    expect(info.audio).toMatchObject({ codec: "aac", sampleRate: 48000, channels: 1 });
  }, 60_000);

  test("a thumbnail and a 4×3 strip of 160-px frames", async () => {
    const video = await sampleMp4();
    const dir = mkdtempSync(join(tmpdir(), "replayd-stills-out-"));
    await writeThumbnail(video, join(dir, "thumb.jpg"), thumbnailTime(6));
    await writeStrip(video, join(dir, "strip.jpg"), 6);
    expect((await probe(join(dir, "thumb.jpg"))).video).toMatchObject({ width: 320, height: 180 });
    expect((await probe(join(dir, "strip.jpg"))).video).toMatchObject({ width: 640, height: 270 });
  }, 60_000);

  test.each([
    [6, 5],
    [30, 5],
    [120, 12],
    [36_000, 600],
    [3, 2.5],
  ])("thumbnail of a %p s recording is taken at %p s", (duration, at) => {
    expect(thumbnailTime(duration)).toBe(at);
  });
});
