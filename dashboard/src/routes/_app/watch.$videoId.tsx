import { useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute, notFound, useNavigate } from "@tanstack/react-router";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { CopyButton } from "@/components/copy-button";
import { ColumnsIcon, RowsIcon } from "@/components/icons";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useHasRole } from "@/features/auth/use-session";
import { RecordNowAction } from "@/features/channels/components/record-now-action";
import { useChannelRecording } from "@/features/downloads/api/use-channel-recording";
import { useLiveSet } from "@/features/live/live-set-provider";
import { DeleteVideoButton } from "@/features/videos/components/delete-video-button";
import { WatchLaterButton } from "@/features/videos/components/watch-later-button";
import { MarkerLists } from "@/features/watch/components/marker-lists";
import { PlaybackFilePanel } from "@/features/watch/components/playback-file-panel";
import { VideoDetails } from "@/features/watch/components/video-details";
import { VideoPlayer } from "@/features/watch/components/video-player";
import { WatchNoticeAlert } from "@/features/watch/components/watch-notice";
import { useWatchLayout, type WatchLayout } from "@/features/watch/layout-preference";
import { pollWhileRecording } from "@/features/watch/live";
import { linkAtTime, parseTimeParam } from "@/features/watch/playback";
import { pollForPlaybackFile } from "@/features/watch/playback-file";
import { useWatchMarkers } from "@/features/watch/use-watch-markers";
import { useWatchPlayback } from "@/features/watch/use-watch-playback";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";

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

type VideoDetail = RouterOutputs["video"]["getById"];

function WatchPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { videoId } = Route.useParams();
  const search = Route.useSearch();
  // While a video records, the page follows it (parts, status, markers), so it also notices the end; while
  // its single file is being made, how far that is (and the switch to it once ready).
  const { data: video } = useSuspenseQuery(
    trpc.video.getById.queryOptions(
      { id: videoId },
      {
        refetchInterval: (q) =>
          pollWhileRecording(q.state.data?.status, 5000) ||
          pollForPlaybackFile(q.state.data, q.state.dataUpdateCount, 2000),
      },
    ),
  );
  const playback = useWatchPlayback(video, search.t);
  const markers = useWatchMarkers(video, playback.total);
  const [seekRequest, setSeekRequest] = useState<{ seconds: number } | null>(null);
  // Where playback is now, read only when a link to this moment is copied.
  const current = useRef(0);
  const seek = (seconds: number) => setSeekRequest({ seconds });
  const [layout, setLayout] = useWatchLayout();
  const aside = layout === "aside";

  // "aside" puts the history lists in a 360 px right column from xl up; below xl both layouts are one column.
  return (
    <div
      data-testid="watch-page"
      data-layout={layout}
      className={cn("grid gap-6", aside && "xl:grid-cols-[minmax(0,1fr)_360px]")}
    >
      <div className="flex min-w-0 flex-col gap-6">
        <WatchNoticeAlert video={video} mode={playback.mode} />
        <VideoPlayer
          video={video}
          playback={playback}
          markers={markers}
          seekRequest={seekRequest}
          onTime={(seconds) => {
            current.current = seconds;
          }}
        />
        <PlaybackFilePanel video={video} />
        <div className="flex flex-wrap items-start justify-between gap-4">
          <VideoDetails video={video} />
          <WatchActions video={video} linkNow={() => linkAtTime(window.location.href, current.current)} />
        </div>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="text-xs text-fg-muted">{t("watch.shortcuts")}</p>
          <LayoutToggle layout={layout} onChange={setLayout} />
        </div>
      </div>
      <MarkerLists markers={markers} onSeek={seek} stacked={aside} />
    </div>
  );
}

/** The two layouts, as a pair of pressed/unpressed buttons; only from xl up, where they differ. */
function LayoutToggle({
  layout,
  onChange,
}: {
  layout: WatchLayout;
  onChange: (layout: WatchLayout) => void;
}) {
  const { t } = useTranslation();
  const choices = [
    { value: "aside", label: t("watch.layoutAside"), Icon: ColumnsIcon },
    { value: "wide", label: t("watch.layoutWide"), Icon: RowsIcon },
  ] as const;
  return (
    <fieldset className="hidden gap-1 xl:flex">
      <legend className="sr-only">{t("watch.layout")}</legend>
      {choices.map(({ value, label, Icon }) => (
        <button
          key={value}
          type="button"
          aria-pressed={layout === value}
          aria-label={label}
          title={label}
          onClick={() => onChange(value)}
          className={cn(
            buttonClasses("ghost", "icon"),
            layout === value && "bg-surface-muted text-brand-600 dark:text-brand-400",
          )}
        >
          <Icon />
        </button>
      ))}
    </fieldset>
  );
}

/**
 * Watch later; Record now while the channel is live (admins), or a link to the recording running for it if
 * that is another video; a link to this moment of the video; Delete (admins), back to the library once
 * queued. They wrap, so each stays on screen at 360 px.
 */
function WatchActions({ video, linkNow }: { video: VideoDetail; linkNow: () => string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canRecord = useHasRole("admin");
  const channelLive = useLiveSet().has(video.broadcaster_id);
  return (
    <div className="flex min-w-0 max-w-full flex-wrap items-center gap-2" data-testid="watch-actions">
      <WatchLaterButton videoId={video.id} initial={video.user_state?.watch_later ?? false} withLabel />
      {canRecord && channelLive && <WatchRecordNow video={video} />}
      <CopyButton text={linkNow} label={t("watch.copyLink")} />
      {canRecord && <DeleteVideoButton video={video} onDeleted={() => void navigate({ to: "/videos" })} />}
    </div>
  );
}

function WatchRecordNow({ video }: { video: VideoDetail }) {
  const running = useChannelRecording(video.broadcaster_id);
  // This page is the running recording: nothing to start, nowhere else to go.
  if (running?.videoId === video.id) return null;
  return (
    <RecordNowAction
      broadcasterId={video.broadcaster_id}
      name={video.broadcaster_name}
      live
      running={running}
    />
  );
}
