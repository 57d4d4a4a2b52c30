import { describe, expect, test } from "bun:test";
import { formatCell, renderReport } from "./report.ts";
import type { BenchResults } from "./results.ts";
import { checkSegments } from "./segments.ts";
import { median, quantile, ratio } from "./stats.ts";

describe("statistics", () => {
  test.each([
    [[], 0.5, Number.NaN],
    [[7], 0.99, 7],
    [[5, 1, 4, 2, 3], 0.5, 3],
    [Array.from({ length: 100 }, (_, i) => i + 1), 0.99, 99],
    [Array.from({ length: 100 }, (_, i) => i + 1), 1, 100],
  ])("quantile(%p, %p) = %p", (values, q, expected) => {
    expect(quantile(values, q)).toEqual(expected);
  });

  test.each([
    [[], Number.NaN],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
  ])("median(%p) = %p", (values, expected) => {
    expect(median(values)).toEqual(expected);
  });

  test.each([
    [10, 5, 2],
    [1, 0, null],
    [Number.NaN, 3, null],
    [null, 3, null],
  ])("ratio(%p, %p) = %p", (a, b, expected) => {
    expect(ratio(a, b)).toEqual(expected);
  });
});

describe("missed segments from keyframe labels", () => {
  // Pool of 16: labels are sequence mod 16; the ledger lists content sequences 100..119.
  const ledger = Array.from({ length: 20 }, (_, i) => 100 + i);
  const labels = (sequences: number[]) => sequences.map((s) => s % 16);
  test.each([
    [
      "every segment from 103 on",
      [103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119],
      17,
      0,
      103,
    ],
    ["two lost in the middle", [110, 111, 114, 115, 116, 117, 118, 119], 8, 2, 110],
    ["the last three lost (stopped early)", [110, 111, 112, 113, 114, 115, 116], 7, 3, 110],
    ["across the pool's wrap", [111, 112, 113, 114, 115, 116, 117, 118, 119], 9, 0, 111],
    ["an empty file", [], 0, 20, null],
  ])("%s", (_, sequences, recorded, missed, first) => {
    const check = checkSegments(labels(sequences), ledger, 16);
    expect(check).toEqual({ recorded, missed, first });
  });

  test("repeated labels (several keyframes in one segment) count once", () => {
    expect(checkSegments([3, 3, 4, 4, 5], [99, 100, 101], 16)).toEqual({ recorded: 3, missed: 0, first: 99 });
  });
});

describe("the report", () => {
  test.each([
    [null, "–"],
    [Number.NaN, "–"],
    [1234.56, "1,235"],
    [12.345, "12.3"],
    [1.2345, "1.23"],
    [0.012345, "0.012"],
    ["a|b", "a\\|b"],
  ])("formatCell(%p) = %p", (cell, expected) => {
    expect(formatCell(cell)).toBe(expected);
  });

  test("shows the machine, the versions, every target with its verdict and a failed scenario's error", () => {
    const results: BenchResults = {
      date: "2026-11-28T05:00:00.000Z",
      quick: false,
      machine: { cpu: "AMD EPYC", cores: 2, ram_gb: 23.5, kernel: "6.1" },
      versions: { replayd: "0.1.0", ffmpeg: "5.1" },
      total_seconds: 1500,
      scenarios: [
        {
          id: "footprint",
          title: "5. Footprint",
          setup: "The binary.",
          tables: [
            { title: "The executable", columns: ["figure", "value (× peer)"], rows: [["start (ms)", 215]] },
          ],
          targets: [
            { target: "start under 1 s", measured: "215 ms", met: true },
            { target: "idle under 100 MB", source: "Recorder v2", measured: "120 MB", met: false },
            { target: "something else", measured: "n/a", met: null },
          ],
          raw: null,
          seconds: 30,
          conclusion: "Keep it.",
        },
        {
          id: "api",
          title: "4. API",
          setup: "",
          tables: [],
          targets: [],
          raw: null,
          seconds: 1,
          error: "401",
        },
      ],
    };
    const md = renderReport(results, "bench/results/x.json");
    expect(md).toContain("AMD EPYC, 2 cores; RAM 23.5 GB");
    expect(md).toContain("- ffmpeg: 5.1");
    expect(md).toContain("| 5. Footprint | start under 1 s | product.md | 215 ms | met |");
    expect(md).toContain("| 5. Footprint | idle under 100 MB | Recorder v2 | 120 MB | NOT met |");
    expect(md).toContain("not measured");
    expect(md).toContain("| figure | value (× peer) |");
    expect(md).toContain("| start (ms) | 215 |");
    expect(md).toContain("**Failed**: 401");
    // Each scenario's targets also sit under its own tables.
    expect(md).toContain("| idle under 100 MB | Recorder v2 | 120 MB | NOT met |");
    expect(md).toContain("**Conclusion.** Keep it.");
    expect(md).not.toContain("smoke run");
  });
});
