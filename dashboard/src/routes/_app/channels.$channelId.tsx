import { useInfiniteQuery, useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { ChannelAvatar } from "@/components/channel-avatar";
import { useHasRole } from "@/features/auth/use-session";
import { FavoriteButton } from "@/features/channels/components/favorite-button";
import { RecordNowAction } from "@/features/channels/components/record-now-action";
import { useChannelRecording } from "@/features/downloads/api/use-channel-recording";
import { useLiveSet } from "@/features/live/live-set-provider";
import { ChannelEvents } from "@/features/logs/components/channel-events";
import { ScheduleAction } from "@/features/schedules/components/schedule-action";
import { VideoGrid } from "@/features/videos/components/video-grid";
import { formatBytes } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";

export const Route = createFileRoute("/_app/channels/$channelId")({
  loader: ({ context: { queryClient, trpc }, params }) =>
    queryClient.ensureQueryData(trpc.channel.getById.queryOptions({ broadcaster_id: params.channelId })),
  component: ChannelPage,
});

function ChannelPage() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const { channelId } = Route.useParams();
  const canRecord = useHasRole("admin");
  const isOwner = useHasRole("owner");
  const live = useLiveSet().has(channelId);
  const { data: channel } = useSuspenseQuery(
    trpc.channel.getById.queryOptions({ broadcaster_id: channelId }),
  );
  const totals = useQuery(trpc.video.statisticsByBroadcaster.queryOptions({ broadcaster_id: channelId }));
  const videos = useInfiniteQuery(
    trpc.video.byBroadcaster.infiniteQueryOptions(
      { id: channelId, limit: 24 },
      { getNextPageParam: (last) => last.next_cursor },
    ),
  );

  return (
    <>
      <div className="mb-8 flex flex-wrap items-start gap-4">
        <ChannelAvatar
          name={channel.broadcaster_name}
          url={channel.profile_image_url}
          live={live}
          size="size-20"
        />
        <div className="min-w-0 flex-1">
          <h1 className="flex items-center gap-2 text-2xl font-semibold tracking-tight text-fg">
            {channel.broadcaster_name}
            {live && (
              <span className="rounded bg-live px-1.5 py-0.5 text-xs font-semibold text-white">
                {t("live.liveNow")}
              </span>
            )}
          </h1>
          <p className="text-sm text-fg-muted">
            @{channel.broadcaster_login}
            {totals.data && (
              <>
                {" "}
                ·{" "}
                {t("channels.totals", {
                  count: totals.data.total,
                  size: formatBytes(totals.data.total_size, i18n.language),
                })}
              </>
            )}
          </p>
          {channel.description && <p className="mt-2 max-w-2xl text-sm text-fg">{channel.description}</p>}
          <div className="mt-3 flex flex-wrap gap-2">
            <FavoriteButton
              broadcasterId={channel.broadcaster_id}
              name={channel.broadcaster_name}
              initial={channel.user_state?.favorite ?? false}
              withLabel
            />
            {canRecord && (
              <ChannelRecordActions
                broadcasterId={channel.broadcaster_id}
                name={channel.broadcaster_name}
                live={live}
              />
            )}
            <a
              href={`https://www.twitch.tv/${channel.broadcaster_login}`}
              target="_blank"
              rel="noreferrer"
              className="inline-flex h-8 items-center rounded-md px-3 text-sm text-fg-muted hover:bg-surface-muted hover:text-fg"
            >
              {t("channels.onTwitch")}
            </a>
          </div>
        </div>
      </div>
      {isOwner && <ChannelEvents broadcasterId={channel.broadcaster_id} />}
      <h2 className="mb-4 text-lg font-semibold text-fg">{t("channels.recordings")}</h2>
      <VideoGrid pages={videos} emptyTitle={t("channels.noRecordings")} />
    </>
  );
}

/** Record now (or the running recording) and the caller's schedule for the channel (new, or edit theirs). */
function ChannelRecordActions({
  broadcasterId,
  name,
  live,
}: {
  broadcasterId: string;
  name: string;
  live: boolean;
}) {
  const running = useChannelRecording(broadcasterId);
  return (
    <>
      <RecordNowAction broadcasterId={broadcasterId} name={name} live={live} running={running} />
      <ScheduleAction broadcasterId={broadcasterId} channelName={name} />
    </>
  );
}
