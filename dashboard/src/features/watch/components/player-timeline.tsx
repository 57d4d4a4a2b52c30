import { useTranslation } from "react-i18next";
import { formatClock } from "@/lib/format";
import type { TimelineMarker } from "../markers";
import type { PlaybackTimeline } from "../playback";
import { MARKER_COLOR, MARKER_SHAPE } from "./marker-style";
import { WaveformBars } from "./waveform-bars";

/**
 * The whole recording as one bar (the native controls only see the current part): part boundaries, title and
 * category markers (dots above the track), skipped ads and lost stretches (ticks below it), and the playhead.
 * A range input, so it is keyboard- and screen-reader-operable; each marker is labelled for screen readers.
 * An audio-only recording draws its waveform behind it (the track then runs along the bottom).
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
    <div className="flex items-center gap-3">
      <span className="font-mono text-xs tabular-nums text-fg-muted">{formatClock(position)}</span>
      <div className={waveform.length > 0 ? "relative h-16 flex-1" : "relative h-6 flex-1"}>
        {waveform.length > 0 && <WaveformBars bars={waveform} played={position / total} />}
        <div
          className={
            waveform.length > 0
              ? "absolute inset-x-0 bottom-1 h-1 rounded-full bg-surface-muted"
              : "absolute inset-x-0 top-1/2 h-1.5 -translate-y-1/2 rounded-full bg-surface-muted"
          }
        >
          <div className="h-full rounded-full bg-brand-500" style={{ width: pct(position) }} />
        </div>
        {timeline.spans.slice(1).map((span) => (
          <span
            key={span.partNumber}
            className="absolute top-1/2 h-3 w-0.5 -translate-y-1/2 bg-fg-muted"
            style={{ left: pct(span.start) }}
            title={t("watch.partStarts", { part: span.partNumber })}
          />
        ))}
        {markers.map((m) => {
          const label = t("watch.markerAt", { time: formatClock(m.seconds), label: m.label });
          return (
            <span
              key={m.id}
              role="img"
              aria-label={label}
              data-marker={m.kind}
              className={`absolute -translate-x-1/2 ${MARKER_SHAPE[m.kind]} ${MARKER_COLOR[m.kind]}`}
              style={{ left: pct(m.seconds) }}
              title={label}
            />
          );
        })}
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
      </div>
      <span className="font-mono text-xs tabular-nums text-fg-muted">{formatClock(timeline.total)}</span>
    </div>
  );
}
