import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { attachPlaylist, type LiveSource, RETRY_MS } from "../hls-source";
import { atLiveEdge, liveTimeline, seekableEnd, type WatchableVideo } from "../live";
import type { TimelineMarker } from "../markers";
import { usePlayerShortcuts, useSeekRequest } from "../use-player-shortcuts";
import { useWatchProgress } from "../use-watch-progress";
import { PlayerTimeline } from "./player-timeline";

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
  const source = useRef<LiveSource | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [failure, setFailure] = useState<string | null>(null);
  const [position, setPosition] = useState(start === "live" ? 0 : start);
  const [seekable, setSeekable] = useState(0);
  const [edge, setEdge] = useState<number | null>(null);
  const report = useWatchProgress(videoId);
  const timeline = useMemo(() => liveTimeline(parts, seekable), [parts, seekable]);

  // The first attach starts where asked; a retry after a failure continues from where playback was.
  const resumeAt = useRef<number | "live">(start);
  useEffect(() => {
    const el = video.current;
    if (!el) return;
    let attached: LiveSource | null = null;
    const cancelled = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const from = attempt === 0 ? resumeAt.current : el.currentTime > 0 ? el.currentTime : resumeAt.current;
    const onFatal = (reason: string) => {
      setFailure(reason);
      attached?.destroy();
      attached = null;
      source.current = null;
      retry = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS);
    };
    void attachPlaylist(el, playlistUrl, from, onFatal, cancelled.signal).then((s) => {
      if (cancelled.signal.aborted || retry) s.destroy();
      else {
        attached = s;
        source.current = s;
      }
    });
    return () => {
      cancelled.abort();
      clearTimeout(retry);
      attached?.destroy();
      source.current = null;
    };
  }, [playlistUrl, attempt]);

  useEffect(() => {
    onTotal?.(timeline.total);
  }, [onTotal, timeline.total]);

  const refresh = useCallback(() => {
    const el = video.current;
    if (!el) return;
    setSeekable(seekableEnd(el.seekable));
    setEdge(source.current?.liveEdge() ?? null);
  }, []);

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
    [recording, seekable, timeline.total],
  );

  useSeekRequest(seekRequest, seekTo);

  usePlayerShortcuts(video, { position, total: timeline.total, seekTo });

  const goLive = () => {
    seekTo(source.current?.liveEdge() ?? seekable);
    void video.current?.play().catch(() => {});
  };
  const live = recording && atLiveEdge(position, edge);

  return (
    <div className="flex flex-col gap-2">
      <div className="overflow-hidden rounded-xl bg-black">
        {/* biome-ignore lint/a11y/useMediaCaption: recordings of live streams have no caption track */}
        <video
          ref={video}
          controls
          playsInline
          aria-label={t("watch.player")}
          data-testid="player"
          data-mode="hls"
          className={audioOnly ? "h-20 w-full" : "aspect-video w-full"}
          onLoadedMetadata={refresh}
          onDurationChange={refresh}
          onProgress={refresh}
          onPlaying={() => setFailure(null)}
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
      </div>
      {recording && (
        <div className="flex flex-wrap items-center gap-3 text-sm text-fg-muted" data-testid="live-status">
          {live ? (
            <Badge tone="live">
              <span aria-hidden className="size-1.5 rounded-full bg-white" />
              {t("watch.live")}
            </Badge>
          ) : (
            <Button size="sm" onClick={goLive}>
              {t("watch.goLive")}
            </Button>
          )}
          <span>{t("watch.liveHint")}</span>
        </div>
      )}
      {failure && <p className="text-sm text-fg-muted">{t("watch.liveRetrying")}</p>}
      <PlayerTimeline timeline={timeline} position={position} markers={markers} onSeek={seekTo} />
    </div>
  );
}
