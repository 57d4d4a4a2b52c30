import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatBytes, formatRelative } from "@/lib/format";
import { qualityLabel } from "@/lib/server-labels";
import type { RouterOutputs } from "@/lib/trpc";
import { useDateStyle } from "@/lib/use-date-style";
import { useTranslator } from "@/lib/use-translator";
import { CardBadges } from "./card-badges";
import { SelectBox } from "./select-box";
import { SnapshotPreview } from "./snapshot-preview";
import { StreamHistory } from "./stream-history";
import { Length, RunningLength } from "./video-length";
import { WatchLaterButton } from "./watch-later-button";

export type VideoItem = RouterOutputs["video"]["listPage"]["items"][number];

/** The card's checkbox in the library's selection mode. */
export interface VideoSelection {
  selected: boolean;
  onToggle: () => void;
}

export function VideoCard({
  video,
  now,
  selection,
}: {
  video: VideoItem;
  now: number;
  selection?: VideoSelection | undefined;
}) {
  const { t, i18n } = useTranslation();
  const tr = useTranslator();
  const dateStyle = useDateStyle();
  const [hovered, setHovered] = useState(false);
  const progress =
    video.user_state && video.duration_seconds
      ? video.user_state.last_position_seconds / video.duration_seconds
      : 0;

  return (
    <article
      className="group flex flex-col gap-2"
      data-testid="video-card"
      data-video-id={video.id}
      data-video={video.id}
      data-selected={selection?.selected ? "" : undefined}
    >
      <div className="relative">
        <Link
          to="/watch/$videoId"
          params={{ videoId: video.id }}
          className="relative block rounded-lg"
          tabIndex={-1}
          aria-hidden="true"
          onPointerEnter={() => setHovered(true)}
          onPointerLeave={() => setHovered(false)}
        >
          <SnapshotPreview
            videoId={video.id}
            hasThumbnail={video.thumbnail !== null}
            alt=""
            hovered={hovered}
          />
          <CardBadges video={video} />
          {video.status === "RUNNING" ? (
            <RunningLength video={video} />
          ) : (
            <Length seconds={video.duration_seconds} />
          )}
          {progress > 0.01 && (
            <span className="absolute inset-x-0 bottom-0 h-1 bg-black/40">
              <span
                className="block h-full bg-brand-500"
                style={{ width: `${Math.min(100, progress * 100)}%` }}
              />
            </span>
          )}
        </Link>
        {selection && <SelectBox video={video} selection={selection} />}
      </div>
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1">
          <h3 className="line-clamp-2 text-sm font-medium text-fg" title={video.title}>
            <Link to="/watch/$videoId" params={{ videoId: video.id }} className="hover:underline">
              {video.title || t("videos.untitled")}
            </Link>
          </h3>
          <p className="mt-0.5 truncate text-xs text-fg-muted">
            <Link
              to="/channels/$channelId"
              params={{ channelId: video.broadcaster_id }}
              className="hover:underline"
            >
              {video.broadcaster_name}
            </Link>
            {video.primary_category && (
              <>
                {" · "}
                <Link
                  to="/categories/$categoryId"
                  params={{ categoryId: video.primary_category.id }}
                  className="hover:underline"
                >
                  {video.primary_category.name}
                </Link>
              </>
            )}
          </p>
          <p className="text-xs text-fg-muted">
            <time dateTime={video.start_download_at} title={video.start_download_at}>
              {formatRelative(video.start_download_at, now, dateStyle)}
            </time>
            {video.size_bytes !== null && <> · {formatBytes(video.size_bytes, i18n.language)}</>}
            {video.selected_quality && <> · {qualityLabel(tr, video.selected_quality)}</>}
          </p>
        </div>
        <div className="flex shrink-0">
          <StreamHistory video={video} />
          <WatchLaterButton videoId={video.id} initial={video.user_state?.watch_later ?? false} />
        </div>
      </div>
    </article>
  );
}
