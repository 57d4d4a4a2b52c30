import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { atLiveEdge, liveTimeline, seekableEnd, type WatchableVideo } from "../live";
import type { TimelineMarker } from "../markers";
import { useLiveSource } from "../use-live-source";
import { usePlayerShortcuts, useSeekRequest } from "../use-player-shortcuts";
import { useWatchProgress } from "../use-watch-progress";
import { LiveStatus } from "./live-status";
import { PlayerFrame } from "./player-frame";
import { PlayerTimeline } from "./player-timeline";
import { PlayerVideo } from "./player-video";

/**
 * The player of a recording in progress: the video's HLS playlist (every part on one timeline, growing as
 * the recorder writes), from the live edge or a given time. While the video records it says so, and offers
 * "Go to live" when the viewer is behind; once the video is done the playlist ends and playback goes on.
 */
export function LivePlayer({
  videoId,
  playlistUrl,
  parts,
  recording,
  start,
  markers,
  audioOnly,
  onTime,
  onTotal,
  seekRequest,
}: {
  videoId: number;
  playlistUrl: string;
  parts: WatchableVideo["parts"];
  /** The video is still recording (its playlist still grows). */
  recording: boolean;
  start: number | "live";
  markers: TimelineMarker[];
  audioOnly: boolean;
  onTime?: (seconds: number) => void;
  /** How much of the recording can be played now, as it grows. */
  onTotal?: (seconds: number) => void;
  seekRequest?: { seconds: number } | null;
}) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const { source, failing, playing } = useLiveSource(video, playlistUrl, start);
  const [position, setPosition] = useState(start === "live" ? 0 : start);
  const [seekable, setSeekable] = useState(0);
  const [edge, setEdge] = useState<number | null>(null);
  const report = useWatchProgress(videoId);
  const timeline = useMemo(() => liveTimeline(parts, seekable), [parts, seekable]);

  useEffect(() => {
    onTotal?.(timeline.total);
  }, [onTotal, timeline.total]);

  const refresh = useCallback(() => {
    const el = video.current;
    if (!el) return;
    setSeekable(seekableEnd(el.seekable));
    setEdge(source.current?.liveEdge() ?? null);
  }, [source]);

  const seekTo = useCallback(
    (seconds: number) => {
      const el = video.current;
      if (!el) return;
      // Past the live edge there is nothing to play yet: the newest media is the furthest a seek goes.
      const furthest = recording ? (source.current?.liveEdge() ?? seekable) : timeline.total;
      const to = Math.min(Math.max(0, Number.isFinite(seconds) ? seconds : 0), furthest);
      el.currentTime = to;
      setPosition(to);
    },
    [source, recording, seekable, timeline.total],
  );

  useSeekRequest(seekRequest, seekTo);

  usePlayerShortcuts(video, { position, total: timeline.total, seekTo });

  const goLive = () => {
    seekTo(source.current?.liveEdge() ?? seekable);
    void video.current?.play().catch(() => {});
  };

  return (
    <div className="flex flex-col gap-2">
      <PlayerFrame
        video={video}
        timeline={
          <PlayerTimeline timeline={timeline} position={position} markers={markers} onSeek={seekTo} />
        }
      >
        <PlayerVideo
          ref={video}
          mode="hls"
          audioOnly={audioOnly}
          onLoadedMetadata={refresh}
          onDurationChange={refresh}
          onProgress={refresh}
          onPlaying={playing}
          onTimeUpdate={(e) => {
            const now = e.currentTarget.currentTime;
            setPosition(now);
            refresh();
            onTime?.(now);
            if (!e.currentTarget.paused) report(now);
          }}
          onPause={(e) => report(e.currentTarget.currentTime, { force: true })}
          onEnded={() => report(timeline.total, { force: true, completed: true })}
        />
      </PlayerFrame>
      {recording && <LiveStatus live={atLiveEdge(position, edge)} onGoLive={goLive} />}
      {failing && <p className="text-sm text-fg-muted">{t("watch.liveRetrying")}</p>}
    </div>
  );
}
