import { useTranslation } from "react-i18next";
import { formatClock } from "@/lib/format";
import { type TimelineMarker, tooltipAlign } from "../markers";
import type { PlaybackTimeline } from "../playback";
import { MARKER_BAND, MARKER_COLOR, MARKER_SHAPE } from "./marker-style";
import { WaveformBars } from "./waveform-bars";

const TOOLTIP_ALIGN = {
  start: "left-0",
  center: "left-1/2 -translate-x-1/2",
  end: "right-0",
} as const;

/**
 * The whole recording as one bar, the player's only seek bar (every part on it): part boundaries, title and
 * category markers (dots above the track), skipped ads and lost stretches (ticks below it), and the playhead.
 * A range input, so it is keyboard- and screen-reader-operable. Markers sit above the input: each is a
 * button that shows its tooltip on hover or focus, and seeks to its time. An audio-only recording draws its
 * waveform behind it (the track then runs along the bottom).
 */
export function PlayerTimeline({
  timeline,
  position,
  markers,
  onSeek,
  waveform = [],
}: {
  timeline: PlaybackTimeline;
  position: number;
  markers: TimelineMarker[];
  onSeek: (seconds: number) => void;
  /** Bar heights (0..1) over the whole timeline; empty for none. */
  waveform?: readonly number[];
}) {
  const { t } = useTranslation();
  const total = timeline.total || 1;
  const pct = (s: number) => `${(s / total) * 100}%`;

  return (
    <div className="flex items-center gap-2" data-testid="player-timeline">
      <span className="font-mono text-xs tabular-nums text-white/80" data-testid="player-position">
        {formatClock(position)}
      </span>
      <div className={waveform.length > 0 ? "relative h-16 min-w-0 flex-1" : "relative h-6 min-w-0 flex-1"}>
        {waveform.length > 0 && <WaveformBars bars={waveform} played={position / total} />}
        <div
          className={
            waveform.length > 0
              ? "absolute inset-x-0 bottom-1 h-1 rounded-full bg-white/25"
              : "absolute inset-x-0 top-1/2 h-1.5 -translate-y-1/2 rounded-full bg-white/25"
          }
        >
          <div className="h-full rounded-full bg-brand-500" style={{ width: pct(position) }} />
        </div>
        {timeline.spans.slice(1).map((span) => (
          <span
            key={span.partNumber}
            className="absolute top-1/2 h-3 w-0.5 -translate-y-1/2 bg-white/70"
            style={{ left: pct(span.start) }}
            title={t("watch.partStarts", { part: span.partNumber })}
          />
        ))}
        <input
          type="range"
          min={0}
          max={timeline.total}
          step={1}
          value={Math.min(position, timeline.total)}
          onChange={(e) => onSeek(Number(e.target.value))}
          aria-label={t("watch.seek")}
          aria-valuetext={`${formatClock(position)} / ${formatClock(timeline.total)}`}
          className="absolute inset-0 w-full cursor-pointer opacity-0"
        />
        {markers.map((m) => {
          const label = t("watch.markerAt", { time: formatClock(m.seconds), label: m.label });
          return (
            <button
              key={m.id}
              type="button"
              aria-label={label}
              data-marker={m.kind}
              onClick={() => onSeek(m.seconds)}
              className={`group absolute z-10 flex h-2.5 w-3 -translate-x-1/2 cursor-pointer justify-center focus-visible:outline-1 focus-visible:outline-white ${MARKER_BAND[m.kind]}`}
              style={{ left: pct(m.seconds) }}
            >
              <span className={`${MARKER_SHAPE[m.kind]} ${MARKER_COLOR[m.kind]}`} />
              <span
                role="tooltip"
                className={`pointer-events-none absolute bottom-full mb-1.5 hidden w-max max-w-56 rounded bg-neutral-900 px-2 py-1 text-left text-xs text-white shadow ring-1 ring-white/20 group-hover:block group-focus-visible:block ${TOOLTIP_ALIGN[tooltipAlign(m.seconds, timeline.total)]}`}
              >
                {label}
              </span>
            </button>
          );
        })}
      </div>
      <span className="font-mono text-xs tabular-nums text-white/80">{formatClock(timeline.total)}</span>
    </div>
  );
}
