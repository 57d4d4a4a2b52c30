/**
 * An audio recording's waveform behind the seek bar: one mirrored bar per slice of the timeline, the
 * played part in the brand colour. Decorative (the range input on top is what screen readers use).
 */
export function WaveformBars({ bars, played }: { bars: readonly number[]; played: number }) {
  const count = bars.length;
  return (
    <svg
      viewBox={`0 0 ${count} 100`}
      preserveAspectRatio="none"
      className="absolute inset-x-0 top-2 bottom-3 h-[calc(100%-1.25rem)] w-full"
      aria-hidden="true"
      data-testid="waveform"
      data-bars={count}
    >
      {bars.map((bar, i) => {
        const h = Math.max(2, bar * 100);
        return (
          <rect
            // biome-ignore lint/suspicious/noArrayIndexKey: bars are positions on the timeline, never reordered.
            key={i}
            x={i + 0.15}
            width={0.7}
            y={(100 - h) / 2}
            height={h}
            className={(i + 0.5) / count <= played ? "fill-brand-500" : "fill-fg-muted/40"}
          />
        );
      })}
    </svg>
  );
}
