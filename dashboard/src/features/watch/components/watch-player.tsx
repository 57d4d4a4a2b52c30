import { useCallback, useMemo, useRef, useState } from "react";
import type { TimelineMarker } from "../markers";
import { buildTimeline, locate, nextPartIndex, type PlayablePart, seekPlan, toGlobal } from "../playback";
import { usePlayerShortcuts, useSeekRequest } from "../use-player-shortcuts";
import { useWatchProgress } from "../use-watch-progress";
import { useWaveform } from "../use-waveform";
import { PlayerFrame } from "./player-frame";
import { PlayerTimeline } from "./player-timeline";
import { PlayerVideo } from "./player-video";

/**
 * The player of a finished recording: a <video> over the part URLs (HTTP Range), its parts sequenced on one
 * timeline (the only seek bar: a seek past a part boundary loads that part at the right offset), resuming
 * where asked, reporting progress, and driven from the keyboard anywhere on the page. Which URL each part
 * plays from is the caller's choice (`sourceUrl`); this only knows parts and times.
 */
export function WatchPlayer({
  videoId,
  parts,
  sourceUrl,
  start,
  markers,
  audioOnly,
  onTime,
  seekRequest,
  autoPlay = false,
  onPlayingChange,
  onSourceError,
}: {
  videoId: number;
  parts: PlayablePart[];
  /** The URL of a part (the part stream, or the continuous playback file when it is ready). */
  sourceUrl: (partNumber: number) => string;
  start: number;
  markers: TimelineMarker[];
  audioOnly: boolean;
  onTime?: (globalSeconds: number) => void;
  /** Changing this object seeks to its `seconds` (e.g. a click in the title history). */
  seekRequest?: { seconds: number } | null;
  /** Starts playing once loaded (taking over from another source mid-visit). */
  autoPlay?: boolean;
  onPlayingChange?: (playing: boolean) => void;
  /** The source would not load or play. */
  onSourceError?: () => void;
}) {
  const timeline = useMemo(() => buildTimeline(parts), [parts]);
  const first = locate(timeline, start);
  const video = useRef<HTMLVideoElement>(null);
  const [index, setIndex] = useState(first?.index ?? 0);
  const [position, setPosition] = useState(start);
  // Applied once the next part's metadata has loaded (a new src resets currentTime).
  const pendingLocal = useRef<number | null>(first?.localSeconds ?? null);
  const resumePlaying = useRef(autoPlay);
  const report = useWatchProgress(videoId);
  const waveform = useWaveform(videoId, timeline, audioOnly);

  const span = timeline.spans[index];
  const src = span ? sourceUrl(span.partNumber) : undefined;

  const seekTo = useCallback(
    (globalSeconds: number) => {
      const el = video.current;
      const plan = seekPlan(timeline, index, globalSeconds);
      if (!el || !plan) return;
      setPosition(plan.global);
      onTime?.(plan.global);
      if (!plan.loadsPart) {
        el.currentTime = plan.localSeconds;
      } else {
        pendingLocal.current = plan.localSeconds;
        resumePlaying.current = !el.paused;
        setIndex(plan.index);
      }
    },
    [timeline, index, onTime],
  );

  useSeekRequest(seekRequest, seekTo);

  usePlayerShortcuts(video, { position, total: timeline.total, seekTo });

  const globalNow = () => toGlobal(timeline, index, video.current?.currentTime ?? 0);

  return (
    <PlayerFrame
      video={video}
      timeline={
        <PlayerTimeline
          timeline={timeline}
          position={position}
          markers={markers}
          onSeek={seekTo}
          waveform={waveform}
        />
      }
    >
      <PlayerVideo
        ref={video}
        mode="parts"
        audioOnly={audioOnly}
        src={src}
        preload="metadata"
        data-part={span?.partNumber}
        onLoadedMetadata={(e) => {
          const el = e.currentTarget;
          if (pendingLocal.current !== null) {
            el.currentTime = pendingLocal.current;
            pendingLocal.current = null;
          }
          if (resumePlaying.current) {
            resumePlaying.current = false;
            void el.play().catch(() => {});
          }
        }}
        onTimeUpdate={() => {
          const now = globalNow();
          setPosition(now);
          onTime?.(now);
          if (!video.current?.paused) report(now);
        }}
        onPlay={() => onPlayingChange?.(true)}
        onPause={() => {
          onPlayingChange?.(false);
          report(globalNow(), { force: true });
        }}
        onError={() => onSourceError?.()}
        onEnded={(e) => {
          const next = nextPartIndex(timeline, index);
          if (next === null) {
            report(timeline.total, { force: true, completed: true });
            return;
          }
          // Keep the viewer's speed across parts; the new src starts at 0.
          const rate = e.currentTarget.playbackRate;
          pendingLocal.current = 0;
          resumePlaying.current = true;
          setIndex(next);
          requestAnimationFrame(() => {
            if (video.current) video.current.playbackRate = rate;
          });
        }}
      />
    </PlayerFrame>
  );
}
