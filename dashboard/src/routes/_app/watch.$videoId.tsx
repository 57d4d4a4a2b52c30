import { useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute, notFound, useNavigate } from "@tanstack/react-router";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { CopyButton } from "@/components/copy-button";
import { ChatIcon, ColumnsIcon, RowsIcon } from "@/components/icons";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useHasRole } from "@/features/auth/use-session";
import { RecordNowAction } from "@/features/channels/components/record-now-action";
import { useWatchChatShown } from "@/features/chat/chat-preference";
import { ChatPanel } from "@/features/chat/components/chat-panel";
import { usePlayheadStore } from "@/features/chat/playhead";
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
import { isRecording, pollWhileRecording } from "@/features/watch/live";
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
  const [chatShown, setChatShown] = useWatchChatShown();
  // Where the player is, for the chat; it starts where the player does.
  const playhead = usePlayheadStore(
    playback.mode === "parts"
      ? playback.start.file
      : typeof playback.start.live === "number"
        ? playback.start.live
        : 0,
  );

  // One grid, placed by area so each piece is in the DOM once: on a phone everything in one column (the chat
  // below the player); from lg the chat beside the player, as tall as it; "aside" puts the history lists in
  // a 360 px right column from xl up (under the chat when it is shown).
  return (
    <div
      data-testid="watch-page"
      data-layout={layout}
      data-chat={chatShown ? "shown" : "hidden"}
      className={cn("grid gap-6", gridAreas(aside, chatShown))}
    >
      <div className="flex min-w-0 flex-col gap-6 [grid-area:main]">
        <WatchNoticeAlert video={video} mode={playback.mode} />
        <VideoPlayer
          video={video}
          playback={playback}
          markers={markers}
          seekRequest={seekRequest}
          onTime={(seconds) => {
            current.current = seconds;
            playhead.set(seconds);
          }}
        />
      </div>
      {chatShown && (
        <div className="relative h-[28rem] min-w-0 [grid-area:chat] lg:h-auto lg:min-h-[24rem]">
          <ChatPanel
            key={video.id}
            className="h-full lg:absolute lg:inset-0"
            videoId={video.id}
            playhead={playhead}
            recording={isRecording(video.status)}
            onSeek={seek}
            onHide={() => setChatShown(false)}
          />
        </div>
      )}
      <div className="flex min-w-0 flex-col gap-6 [grid-area:rest]">
        <PlaybackFilePanel video={video} />
        <div className="flex flex-wrap items-start justify-between gap-4">
          <VideoDetails video={video} />
          <WatchActions video={video} linkNow={() => linkAtTime(window.location.href, current.current)} />
        </div>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="text-xs text-fg-muted">{t("watch.shortcuts")}</p>
          <div className="flex items-center gap-1">
            <button
              type="button"
              aria-pressed={chatShown}
              onClick={() => setChatShown(!chatShown)}
              data-testid="chat-toggle"
              className={cn(buttonClasses("ghost", "sm"), chatShown && "text-brand-600 dark:text-brand-400")}
            >
              <ChatIcon className="size-4" />
              {chatShown ? t("chat.hide") : t("chat.show")}
            </button>
            <LayoutToggle layout={layout} onChange={setLayout} />
          </div>
        </div>
      </div>
      <div className="min-w-0 [grid-area:markers]">
        <MarkerLists markers={markers} onSeek={seek} stacked={aside} />
      </div>
    </div>
  );
}

/**
 * The page's grid areas: `main` (notice and player), `chat`, `rest` (details, actions, toggles), `markers`
 * (the history lists). Rows after the first take what is left, so a tall right column never stretches the
 * player's row.
 */
function gridAreas(aside: boolean, chat: boolean): string {
  if (chat)
    return cn(
      "[grid-template-areas:'main'_'chat'_'rest'_'markers']",
      "lg:grid-cols-[minmax(0,1fr)_20rem] lg:[grid-template-areas:'main_chat'_'rest_rest'_'markers_markers']",
      aside &&
        "xl:grid-cols-[minmax(0,1fr)_360px] xl:grid-rows-[auto_1fr] xl:[grid-template-areas:'main_chat'_'rest_markers']",
    );
  return cn(
    "[grid-template-areas:'main'_'rest'_'markers']",
    aside &&
      "xl:grid-cols-[minmax(0,1fr)_360px] xl:grid-rows-[auto_1fr] xl:[grid-template-areas:'main_markers'_'rest_markers']",
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
