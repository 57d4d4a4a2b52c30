import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { ChannelAvatar } from "@/components/channel-avatar";
import { QueryError } from "@/components/query-error";
import { Card, CardHeader } from "@/components/ui/card";
import { useTRPC } from "@/lib/trpc";
import { useLiveSet } from "../live-set-provider";
import { LiveDot } from "./live-dot";

/** Followed channels live right now; they appear and disappear as `stream.status` reports them. */
export function LiveChannelsCard() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const live = useLiveSet();
  const followed = useQuery(trpc.channel.listFollowed.queryOptions());
  // Someone who follows nobody (or whose follows are not synced yet) sees every watched channel instead.
  const followsNobody = followed.isSuccess && followed.data.length === 0;
  const watched = useQuery({ ...trpc.channel.list.queryOptions(), enabled: followsNobody });
  const source = followsNobody ? watched.data : followed.data;
  const channels = (source ?? []).filter((c) => live.has(c.broadcaster_id));
  useRefreshOnUnknownLive(live, source);

  return (
    <Card aria-labelledby="live-now-title">
      <CardHeader
        id="live-now-title"
        title={followsNobody ? t("live.channelsLiveNow") : t("live.followedLiveNow")}
      />
      <div className="p-4">
        {followed.isError ? (
          <QueryError error={followed.error} retry={() => void followed.refetch()} />
        ) : followed.isPending ? (
          <p className="text-sm text-fg-muted">{t("common.loading")}</p>
        ) : channels.length === 0 ? (
          <p className="text-sm text-fg-muted">{t("live.noneLive")}</p>
        ) : (
          <ul className="grid gap-2 sm:grid-cols-2" data-testid="live-channels">
            {channels.map((c) => (
              <li key={c.broadcaster_id}>
                <Link
                  to="/channels/$channelId"
                  params={{ channelId: c.broadcaster_id }}
                  className="flex items-center gap-3 rounded-lg p-2 hover:bg-surface-muted"
                >
                  <ChannelAvatar name={c.broadcaster_name} url={c.profile_image_url} live size="size-9" />
                  <span className="min-w-0 flex-1 truncate text-sm font-medium text-fg">
                    {c.broadcaster_name}
                  </span>
                  <LiveDot />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}

/**
 * A live channel missing from the loaded list means the list is older than the live set: right after a first
 * sign-in, the follows are still being mirrored when the home page loads. Refetch then, once per new set of
 * unknown ids, so the channel shows up without a reload.
 */
function useRefreshOnUnknownLive(
  live: ReadonlySet<string>,
  source: readonly { broadcaster_id: string }[] | undefined,
) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const known = new Set((source ?? []).map((c) => c.broadcaster_id));
  const unknown = source
    ? [...live]
        .filter((id) => !known.has(id))
        .sort()
        .join(",")
    : "";
  useEffect(() => {
    if (!unknown) return;
    void queryClient.invalidateQueries(trpc.channel.listFollowed.pathFilter());
    void queryClient.invalidateQueries(trpc.channel.list.pathFilter());
  }, [unknown, queryClient, trpc]);
}
