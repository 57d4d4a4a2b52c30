import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute, notFound } from "@tanstack/react-router";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useHasRole } from "@/features/auth/use-session";
import { RecordNowDialog } from "@/features/channels/components/record-now-dialog";
import { useLiveSet } from "@/features/live/live-set-provider";
import { WatchLaterButton } from "@/features/videos/components/watch-later-button";
import { HistoryList } from "@/features/watch/components/history-list";
import { LivePlayer } from "@/features/watch/components/live-player";
import { VideoDetails } from "@/features/watch/components/video-details";
import { WatchPlayer } from "@/features/watch/components/watch-player";
import { isRecording, liveStart, liveTimeline, playerMode, watchNotice } from "@/features/watch/live";
import {
  type GapMarker,
  isSkip,
  knownGapReason,
  markersFromChanges,
  markersFromGaps,
} from "@/features/watch/markers";
import { buildTimeline, parseTimeParam, startPosition } from "@/features/watch/playback";
import { formatDuration } from "@/lib/format";
import { partStreamUrl, playbackStreamUrl, videoPlaylistUrl } from "@/lib/media-urls";
import { useTRPC } from "@/lib/trpc";

export const Route = createFileRoute("/_app/watch/$videoId")({
  params: {
    parse: ({ videoId }) => {
      const id = Number(videoId);
      if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
      return { videoId: id };
    },
    stringify: ({ videoId }) => ({ videoId: String(videoId) }),
  },
  validateSearch: (raw: Record<string, unknown>): { t?: number } => {
    const t = parseTimeParam(raw.t);
    return t === undefined ? {} : { t };
  },
  loader: ({ context: { queryClient, trpc }, params }) =>
    queryClient.ensureQueryData(trpc.video.getById.queryOptions({ id: params.videoId })),
  component: WatchPage,
});

/** While a video records, the page follows it (parts, status, markers), so it also notices the end. */
const whileRecording = (status: string | undefined, ms: number) =>
  status === "PENDING" || status === "RUNNING" ? ms : false;

function WatchPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { videoId } = Route.useParams();
  const search = Route.useSearch();
  const { data: video } = useSuspenseQuery(
    trpc.video.getById.queryOptions(
      { id: videoId },
      { refetchInterval: (q) => whileRecording(q.state.data?.status, 5000) },
    ),
  );
  const recording = isRecording(video.status);
  const changes = useQuery(
    trpc.video.timeline.queryOptions(
      { video_id: videoId },
      { refetchInterval: whileRecording(video.status, 15_000) },
    ),
  );
  const gaps = useQuery(
    trpc.video.gaps.queryOptions(
      { video_id: videoId },
      { refetchInterval: whileRecording(video.status, 15_000) },
    ),
  );
  // A visit that started on the playlist stays there when the recording ends (see live.ts).
  const [mode, setMode] = useState(() => playerMode(video));
  useEffect(() => setMode((previous) => playerMode(video, previous)), [video]);
  const notice = watchNotice(video, mode);
  const [liveTotal, setLiveTotal] = useState(0);
  const [seekRequest, setSeekRequest] = useState<{ seconds: number } | null>(null);
  const current = useRef(0);
  const [copied, setCopied] = useState(false);
  const [recordOpen, setRecordOpen] = useState(false);
  const canRecord = useHasRole("admin");
  const channelLive = useLiveSet().has(video.broadcaster_id);

  const finalized = useMemo(() => video.parts.filter((p) => p.finalized_at !== null), [video.parts]);
  // One continuous file when the server has built it; else the parts, sequenced by the player.
  const artifact = video.playback_artifact?.status === "ready" ? video.playback_artifact : null;
  const parts = useMemo(
    () =>
      artifact
        ? [{ part_index: 1, duration_seconds: artifact.duration_seconds ?? buildTimeline(finalized).total }]
        : finalized,
    [artifact, finalized],
  );
  const sourceUrl = (partNumber: number) =>
    artifact ? playbackStreamUrl(video.id) : partStreamUrl(video.id, partNumber);
  const total = mode === "hls" ? liveTimeline(video.parts, liveTotal).total : buildTimeline(parts).total;
  const markers = useMemo(() => {
    const gapLabel = (gap: GapMarker) => {
      const duration = formatDuration(gap.duration_seconds);
      if (gap.kind === "ad") return t("watch.adSkipped", { duration });
      const reason = knownGapReason(gap.reason);
      return reason
        ? t("watch.gapMissingBecause", { duration, reason: t(`watch.gapReasons.${reason}`) })
        : t("watch.gapMissing", { duration });
    };
    return [
      ...markersFromChanges(changes.data ?? [], video.start_download_at, total),
      ...markersFromGaps(gaps.data ?? [], total, gapLabel),
    ].sort((a, b) => a.seconds - b.seconds);
  }, [changes.data, gaps.data, video.start_download_at, total, t]);
  // Computed once per visit: later progress reports must not move the start point. Both, since a visit that
  // found nothing to play yet may get the playlist a moment later.
  const [start] = useState(() => {
    const asked = {
      deepLink: search.t,
      saved: video.user_state?.last_position_seconds,
      completed: video.user_state?.completed_at != null,
    };
    return { live: liveStart(asked), file: startPosition({ ...asked, total }) };
  });

  const copyLink = async () => {
    const url = new URL(window.location.href);
    url.search = `?t=${Math.floor(current.current)}`;
    await navigator.clipboard?.writeText(url.toString()).catch(() => {});
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };

  const seek = (seconds: number) => setSeekRequest({ seconds });

  return (
    <div className="flex flex-col gap-6">
      {notice === "removed" ? (
        <Alert tone="warning">{t("watch.removed")}</Alert>
      ) : notice === "failed" ? (
        <Alert tone="danger">{t("watch.failed", { error: video.error ?? t("common.unknown") })}</Alert>
      ) : notice === "cancelled" ? (
        <Alert tone="warning">{t("watch.cancelled")}</Alert>
      ) : notice === "notReady" ? (
        <Alert tone="info">{t("watch.notReady", { status: t(`videos.status.${video.status}`) })}</Alert>
      ) : null}
      {mode === "hls" ? (
        <LivePlayer
          videoId={video.id}
          playlistUrl={videoPlaylistUrl(video.id)}
          parts={video.parts}
          recording={recording}
          start={start.live}
          markers={markers}
          audioOnly={video.is_audio_only}
          seekRequest={seekRequest}
          onTotal={setLiveTotal}
          onTime={(s) => {
            current.current = s;
          }}
        />
      ) : mode === "parts" ? (
        <WatchPlayer
          videoId={video.id}
          parts={parts}
          sourceUrl={sourceUrl}
          start={start.file}
          markers={markers}
          audioOnly={video.is_audio_only}
          seekRequest={seekRequest}
          onTime={(s) => {
            current.current = s;
          }}
        />
      ) : null}
      <div className="flex flex-wrap items-start justify-between gap-4">
        <VideoDetails video={video} />
        <div className="flex gap-2">
          <WatchLaterButton videoId={video.id} initial={video.user_state?.watch_later ?? false} withLabel />
          {canRecord && channelLive && (
            <Button variant="primary" onClick={() => setRecordOpen(true)}>
              {t("record.button")}
            </Button>
          )}
          <Button onClick={() => void copyLink()}>
            {copied ? t("watch.linkCopied") : t("watch.copyLink")}
          </Button>
        </div>
      </div>
      <p className="text-xs text-fg-muted">{t("watch.shortcuts")}</p>
      {recordOpen && (
        <RecordNowDialog
          open
          onOpenChange={setRecordOpen}
          broadcasterId={video.broadcaster_id}
          name={video.broadcaster_name}
          live={channelLive}
        />
      )}
      <div className="grid gap-6 md:grid-cols-2 xl:grid-cols-3">
        <HistoryList
          title={t("watch.titleHistory")}
          markers={markers.filter((m) => m.kind === "title")}
          onSeek={seek}
        />
        <HistoryList
          title={t("watch.categoryHistory")}
          markers={markers.filter((m) => m.kind === "category")}
          onSeek={seek}
        />
        <HistoryList
          title={t("watch.skips")}
          markers={markers.filter(isSkip)}
          onSeek={seek}
          empty={t("watch.noSkips")}
        />
      </div>
    </div>
  );
}
