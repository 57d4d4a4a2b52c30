import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { ChannelAvatar } from "@/components/channel-avatar";
import type { RouterOutputs } from "@/lib/trpc";
import { FavoriteButton } from "./favorite-button";

export type ChannelItem = RouterOutputs["channel"]["listPage"]["items"][number];

export function ChannelCard({ channel, live }: { channel: ChannelItem; live: boolean }) {
  const { t } = useTranslation();
  return (
    <li
      className="flex items-center gap-3 rounded-xl border border-line bg-surface p-3"
      data-testid="channel-card"
      data-live={live}
    >
      <ChannelAvatar name={channel.broadcaster_name} url={channel.profile_image_url} live={live} />
      <div className="min-w-0 flex-1">
        <Link
          to="/channels/$channelId"
          params={{ channelId: channel.broadcaster_id }}
          className="block truncate font-medium text-fg hover:underline"
        >
          {channel.broadcaster_name}
        </Link>
        <p className="truncate text-xs text-fg-muted">
          @{channel.broadcaster_login}
          {live && <span className="ml-2 font-semibold text-live">{t("live.liveNow")}</span>}
        </p>
      </div>
      <FavoriteButton
        broadcasterId={channel.broadcaster_id}
        name={channel.broadcaster_name}
        initial={channel.user_state?.favorite ?? false}
      />
    </li>
  );
}
