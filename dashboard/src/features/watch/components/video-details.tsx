import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { formatBytes, formatDate, formatDuration } from "@/lib/format";
import { videoSeconds } from "@/lib/recorded-time";
import { qualityLabel } from "@/lib/server-labels";
import type { RouterOutputs } from "@/lib/trpc";
import { useDateStyle } from "@/lib/use-date-style";
import { useNow } from "@/lib/use-now";
import { useRunningSample } from "@/lib/use-running-sample";
import { useTranslator } from "@/lib/use-translator";

type VideoDetail = RouterOutputs["video"]["getById"];

/** Title, channel and the recording's facts under the player. */
export function VideoDetails({ video }: { video: VideoDetail }) {
  const { t, i18n } = useTranslation();
  const tr = useTranslator();
  const running = useRunningSample(video.id, video.status === "RUNNING");
  const now = useNow(running ? 1000 : 60_000);
  const dateStyle = useDateStyle();
  const facts: [string, string][] = [
    [t("watch.facts.duration"), formatDuration(videoSeconds(video, running, now), i18n.language)],
    [
      t("watch.facts.size"),
      formatBytes(running ? Math.max(running.bytes, video.size_bytes ?? 0) : video.size_bytes, i18n.language),
    ],
    [t("watch.facts.quality"), qualityLabel(tr, video.selected_quality ?? video.quality)],
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
