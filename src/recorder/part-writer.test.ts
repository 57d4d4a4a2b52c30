import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeErrors, probePackets, testSegments } from "../../tests/support/media.ts";
import { PartWriter, sameCodecs } from "./part-writer.ts";
import { Scratch } from "./scratch.ts";

describe("sameCodecs", () => {
  test.each([
    ["the same tracks and configs", { video: "v1", audio: "a1" }, { video: "v1", audio: "a1" }, true],
    ["a segment without audio frames", { video: "v1", audio: "a1" }, { video: "v1", audio: null }, true],
    ["another SPS/PPS", { video: "v1", audio: "a1" }, { video: "v2", audio: "a1" }, false],
    ["another AAC config", { video: "v1", audio: "a1" }, { video: "v1", audio: "a2" }, false],
    ["a track the run has no room for", { video: "v1", audio: null }, { video: "v1", audio: "a1" }, false],
  ])("%s → %p", (_name, run, segment, expected) => {
    expect(sameCodecs(run, segment)).toBe(expected);
  });
});

describe("a part writer killed between a segment's fragment and its fed-log line", () => {
  test("the next start cuts that fragment and takes the segment again: nothing twice, nothing torn", async () => {
    const { segments } = await testSegments("ts");
    const dir = mkdtempSync(join(tmpdir(), "replayd-part-writer-"));
    const scratch = await Scratch.open(dir, "job");
    const path = join(dir, "part01.mp4");
    const bytes = (i: number) => new Uint8Array(readFileSync(segments[i] as string));

    const first = await PartWriter.open({ path, index: 1, format: "ts", scratch });
    for (let i = 0; i < 4; i++) await first.feed(i, bytes(i));
    await first.close();
    // The kill: segment 3 is in the file, its line never reached the log (and half a box follows it).
    const log = readFileSync(join(scratch.dir, "fed.jsonl"), "utf8").trim().split("\n");
    writeFileSync(join(scratch.dir, "fed.jsonl"), `${log.slice(0, 3).join("\n")}\n`);
    writeFileSync(path, new Uint8Array([0, 0, 1, 0, 0x6d, 0x6f]), { flag: "a" });

    const fed = await scratch.fed();
    const second = await PartWriter.open({
      path,
      index: 1,
      format: "ts",
      scratch,
      keepBytes: fed.at(-1)?.size,
    });
    expect(second.durationSeconds).toBeCloseTo(fed.at(-1)?.end ?? 0, 2);
    for (let i = 3; i < segments.length; i++) await second.feed(i, bytes(i));
    const { durationSeconds } = await second.finish();

    expect(durationSeconds).toBeCloseTo(segments.length, 0);
    expect(await decodeErrors(path)).toBe("");
    const { video } = await probePackets(path);
    // 30 frames a second, each once: no segment twice.
    expect(video.length).toBe(segments.length * 30);
    expect(new Set(video.map((t) => t.toFixed(3))).size).toBe(video.length);
  }, 30_000);
});
