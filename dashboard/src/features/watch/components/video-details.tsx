import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { formatBytes, formatDate, formatDuration } from "@/lib/format";
import type { RouterOutputs } from "@/lib/trpc";
import { useDateStyle } from "@/lib/use-date-style";

type VideoDetail = RouterOutputs["video"]["getById"];

/** Title, channel and the recording's facts under the player. */
export function VideoDetails({ video }: { video: VideoDetail }) {
  const { t } = useTranslation();
  const dateStyle = useDateStyle();
  const facts: [string, string][] = [
    [t("watch.facts.duration"), formatDuration(video.duration_seconds)],
    [t("watch.facts.size"), formatBytes(video.size_bytes)],
    [t("watch.facts.quality"), video.selected_quality ?? t(`qualities.${video.quality}`)],
    [t("watch.facts.parts"), String(video.parts.length)],
    [t("watch.facts.language"), video.language || "–"],
    [t("watch.facts.recorded"), formatDate(video.start_download_at, dateStyle)],
  ];
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-xl font-semibold text-fg">{video.title || t("videos.untitled")}</h1>
      <Link
        to="/channels/$channelId"
        params={{ channelId: video.broadcaster_id }}
        className="flex w-fit items-center gap-2 rounded-md text-sm font-medium text-fg hover:underline"
      >
        {video.profile_image_url && (
          <img src={video.profile_image_url} alt="" className="size-7 rounded-full" />
        )}
        {video.broadcaster_name}
      </Link>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-fg-muted">{label}</dt>
            <dd className="text-fg">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
