// The waveform of an audio-only recording across its parts: each finished part has its own peaks
// (`{duration_seconds, peaks}`, 0..1, evenly spread over the part); the player draws one row of bars over
// the whole timeline. Pure, so the resampling is tested without a browser.

import type { PartSpan } from "./playback";

export interface PartWaveform {
  duration_seconds: number;
  peaks: number[];
}

/** Reads the server's JSON, refusing anything that is not a waveform (so a bad file draws nothing). */
export function readWaveform(json: unknown): PartWaveform | null {
  if (typeof json !== "object" || json === null) return null;
  const { duration_seconds, peaks } = json as Record<string, unknown>;
  if (typeof duration_seconds !== "number" || !(duration_seconds > 0) || !Array.isArray(peaks)) return null;
  if (peaks.length === 0 || !peaks.every((p) => typeof p === "number" && Number.isFinite(p))) return null;
  return { duration_seconds, peaks: peaks as number[] };
}

/**
 * `count` bars over the timeline, each the loudest peak of the parts' points it covers (a part without a
 * waveform is silent), scaled so the loudest bar is 1. Empty when no part has a waveform.
 */
export function waveformBars(
  spans: readonly PartSpan[],
  waveforms: ReadonlyMap<number, PartWaveform | null>,
  count: number,
): number[] {
  const total = spans.at(-1)?.end ?? 0;
  if (total <= 0 || count <= 0 || !spans.some((s) => waveforms.get(s.partNumber))) return [];
  const bars = new Array<number>(count).fill(0);
  const width = total / count;
  for (const span of spans) {
    const wave = waveforms.get(span.partNumber);
    const length = span.end - span.start;
    if (!wave || length <= 0) continue;
    const n = wave.peaks.length;
    const first = Math.max(0, Math.floor(span.start / width));
    const last = Math.min(count - 1, Math.ceil(span.end / width) - 1);
    for (let bar = first; bar <= last; bar++) {
      // The part's points under this bar: at least the one at its overlap.
      const from = Math.max(bar * width, span.start) - span.start;
      const to = Math.min((bar + 1) * width, span.end) - span.start;
      if (to <= from) continue;
      const i0 = Math.min(n - 1, Math.floor((from / length) * n));
      const i1 = Math.max(i0, Math.min(n - 1, Math.ceil((to / length) * n) - 1));
      for (let i = i0; i <= i1; i++)
        bars[bar] = Math.max(bars[bar] as number, Math.abs(wave.peaks[i] as number));
    }
  }
  const loudest = Math.max(...bars);
  return loudest > 0 ? bars.map((b) => b / loudest) : bars;
}
