import { describe, expect, test } from "bun:test";
import type { PartSpan } from "./playback";
import { type PartWaveform, readWaveform, waveformBars } from "./waveform";

const span = (partNumber: number, start: number, end: number): PartSpan => ({ partNumber, start, end });
const wave = (duration_seconds: number, peaks: number[]): PartWaveform => ({ duration_seconds, peaks });
/** Bars to three decimals (the scaling divides). */
const rounded = (bars: number[]) => bars.map((b) => Math.round(b * 1000) / 1000);

describe("readWaveform", () => {
  test.each<[unknown, PartWaveform | null]>([
    [
      { version: 1, duration_seconds: 10, peaks: [0.1, 0.5] },
      { duration_seconds: 10, peaks: [0.1, 0.5] },
    ],
    [{ duration_seconds: 0, peaks: [0.1] }, null],
    [{ duration_seconds: 10, peaks: [] }, null],
    [{ duration_seconds: 10, peaks: ["loud"] }, null],
    [{ peaks: [0.1] }, null],
    [null, null],
    ["waveform", null],
  ])("%p → %p", (json, expected) => {
    expect(readWaveform(json)).toEqual(expected);
  });
});

describe("waveformBars", () => {
  test("one part, as many bars as points: the points, scaled to the loudest", () => {
    const bars = waveformBars([span(1, 0, 4)], new Map([[1, wave(4, [0.1, 0.2, 0.4, 0.2])]]), 4);
    expect(bars).toEqual([0.25, 0.5, 1, 0.5]);
  });

  test("fewer bars than points: each bar is the loudest point it covers", () => {
    const bars = waveformBars(
      [span(1, 0, 8)],
      new Map([[1, wave(8, [0.1, 0.3, 0.2, 0.2, 0, 0.6, 0.1, 0.1])]]),
      4,
    );
    expect(rounded(bars)).toEqual([0.5, 0.333, 1, 0.167]);
  });

  test("more bars than points: each point spans several bars", () => {
    const bars = waveformBars([span(1, 0, 2)], new Map([[1, wave(2, [0.5, 1])]]), 4);
    expect(bars).toEqual([0.5, 0.5, 1, 1]);
  });

  test("parts laid end to end on one timeline; a part without a waveform is silent", () => {
    const spans = [span(1, 0, 2), span(2, 2, 4), span(3, 4, 6)];
    const waves = new Map<number, PartWaveform | null>([
      [1, wave(2, [0.2, 0.4])],
      [2, null],
      [3, wave(2, [0.8, 0.4])],
    ]);
    expect(waveformBars(spans, waves, 6)).toEqual([0.25, 0.5, 0, 0, 1, 0.5]);
  });

  test("a bar that straddles two parts takes the louder side", () => {
    const spans = [span(1, 0, 3), span(2, 3, 6)];
    const waves = new Map([
      [1, wave(3, [0.1, 0.1, 0.3])],
      [2, wave(3, [0.6, 0.1, 0.1])],
    ]);
    expect(rounded(waveformBars(spans, waves, 4))).toEqual([0.167, 0.5, 1, 0.167]);
  });

  test("nothing to draw: no waveform at all, an empty timeline, or silence", () => {
    expect(waveformBars([span(1, 0, 4)], new Map([[1, null]]), 10)).toEqual([]);
    expect(waveformBars([], new Map(), 10)).toEqual([]);
    expect(waveformBars([span(1, 0, 4)], new Map([[1, wave(4, [0, 0])]]), 3)).toEqual([0, 0, 0]);
  });
});
