import { useQueries } from "@tanstack/react-query";
import { useMemo } from "react";
import { partWaveformUrl } from "@/lib/media-urls";
import type { PlaybackTimeline } from "./playback";
import { type PartWaveform, readWaveform, waveformBars } from "./waveform";

/** How many bars the timeline draws, whatever the recording's length (the SVG stretches them). */
const BARS = 160;

/**
 * The bars of an audio-only recording's waveform over its timeline, from each part's peaks (immutable once
 * the part is finished, so fetched once); empty for a video, or while none has arrived. A part without a
 * waveform (404) is silent.
 */
export function useWaveform(videoId: number, timeline: PlaybackTimeline, audioOnly: boolean): number[] {
  const parts = audioOnly ? timeline.spans.map((s) => s.partNumber) : [];
  const results = useQueries({
    queries: parts.map((part) => ({
      queryKey: ["waveform", videoId, part],
      queryFn: async ({ signal }: { signal: AbortSignal }): Promise<PartWaveform | null> => {
        const res = await fetch(partWaveformUrl(videoId, part), { signal });
        if (res.status === 404) return null;
        if (!res.ok) throw new Error(`waveform of part ${part}: HTTP ${res.status}`);
        return readWaveform(await res.json());
      },
      staleTime: Number.POSITIVE_INFINITY,
      retry: 1,
    })),
  });
  const key = results.map((r) => (r.data ? 1 : 0)).join("");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` says which parts' peaks have arrived.
  return useMemo(() => {
    const waves = new Map(parts.map((part, i) => [part, results[i]?.data ?? null] as const));
    return waveformBars(timeline.spans, waves, BARS);
  }, [timeline, key]);
}
