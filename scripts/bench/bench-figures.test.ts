import { describe, expect, test } from "bun:test";
import { splitProfile } from "./cpu-profile.ts";
import { type MediaCheck, packetSpans } from "./media-checks.ts";
import { conclude, problems, type RemuxFigures } from "./remuxer-summary.ts";

describe("media checks", () => {
  test("packet spans per stream, from the earliest start to the latest end (B-frames out of order)", () => {
    const csv = [
      "0,1.433,0.0167",
      "0,1.400,0.0167",
      "1,1.412,0.0213",
      "0,61.400,0.0167",
      "1,61.422,0.0213",
      "",
    ];
    const spans = packetSpans(csv.join("\n"));
    expect(spans.get(0)).toBeCloseTo(60.0167, 4);
    expect(spans.get(1)).toBeCloseTo(60.0313, 4);
  });

  const reference: MediaCheck = {
    decodeErrors: "",
    streams: { video: { declared: 60.02, span: 60 }, audio: { declared: 60.02, span: 60.032 } },
  };
  test.each([
    [
      "within a frame",
      { video: { declared: 60.01, span: 60 }, audio: { declared: 60.044, span: 60.032 } },
      0,
      0,
    ],
    [
      "an unknown duration in the header",
      { video: { declared: 47721.86, span: 60 }, audio: { declared: 60.03, span: 60.032 } },
      0,
      1,
    ],
    [
      "a lost second of video",
      { video: { declared: 59, span: 59 }, audio: { declared: 60.03, span: 60.032 } },
      1,
      1,
    ],
    ["no audio", { video: { declared: 60, span: 60 } }, 1, 0],
  ])("%s", (_, streams, media, header) => {
    const found = problems({ decodeErrors: "", streams }, reference);
    expect([found.media.length, found.header.length]).toEqual([media, header]);
  });

  test("the conclusion names the cheaper sound remuxer", () => {
    const sound = { decodeErrors: "", streams: reference.streams };
    const figures = (ours: number, muxjs: number): RemuxFigures[] =>
      [
        ["replayd", ours],
        ["mux.js", muxjs],
      ].map(([name, cpu]) => ({
        name: name as string,
        available: true,
        cpu_ms_per_media_s: cpu as number,
        mb_per_s: 100,
        heap_growth_mb: 0,
        rss_growth_mb: 0,
        peak_rss_mb: 100,
        output_mb: 45,
        check: sound,
        code_lines: 1000,
        dependency_mb: 0,
        dependency_note: "",
      }));
    expect(conclude(figures(0.7, 3.2), reference)).toContain("Choice: our remuxer: cheaper than mux.js");
    expect(conclude(figures(5, 3.2), reference)).toContain("weigh mux.js's lower CPU");
    const missing: RemuxFigures[] = [
      { name: "replayd", available: false, reason: "not here" },
      ...figures(1, 3.2).slice(1),
    ];
    expect(conclude(missing, reference)).toContain("until ours can be measured");
  });
});

describe("CPU profile split", () => {
  test("samples go to the innermost recognised frame; idle is left out", () => {
    const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
      id,
      callFrame: { functionName, url },
      children,
    });
    const profile = {
      nodes: [
        frame(1, "(root)", "", [2, 3, 6, 7]),
        frame(2, "pump", "file:///app/src/recorder/part-writer.ts", [4]),
        frame(3, "(idle)", ""),
        frame(4, "tsFragment", "file:///app/src/media/ts/mp4-fragment.ts", [5]),
        frame(5, "set", ""),
        frame(6, "(garbage collector)", ""),
        frame(7, "parse", "file:///app/node_modules/m3u8-parser/index.js"),
      ],
      samples: [5, 5, 2, 3, 3, 6, 7],
      // Sample i runs until sample i+1; the idle one before the GC sample stands for 9 ms, left out.
      timeDeltas: [1000, 1000, 1000, 1000, 9000, 1000, 1000],
    };
    const split = splitProfile(profile);
    expect(split.busySeconds).toBeCloseTo(0.005, 6);
    expect(split.shares["remux (TS → fMP4)"]).toBeCloseTo(0.4, 6);
    expect(split.shares["part file writes"]).toBeCloseTo(0.2, 6);
    expect(split.shares["garbage collection"]).toBeCloseTo(0.2, 6);
    expect(split.shares.playlists).toBeCloseTo(0.2, 6);
  });
});
