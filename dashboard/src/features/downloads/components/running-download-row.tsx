import { Link } from "@tanstack/react-router";
import { Trans, useTranslation } from "react-i18next";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress";
import { formatBytes, formatClock, formatSpeed } from "@/lib/format";
import { videoSeconds } from "@/lib/recorded-time";
import { qualityLabel } from "@/lib/server-labels";
import type { RouterOutputs } from "@/lib/trpc";
import { useNow } from "@/lib/use-now";
import { useTranslator } from "@/lib/use-translator";

export type ActiveDownloadRow = RouterOutputs["video"]["activeDownloads"][number];

const stageTone = {
  recording: "live",
  waiting: "neutral",
  finishing: "brand",
  "rejoin-wait": "warning",
  paused: "danger",
} as const;

/** One running recording: channel, title, a ticking clock, bytes, speed, segments and gaps. */
export function RunningDownloadRow({
  row,
  receivedAt,
  onCancel,
}: {
  row: ActiveDownloadRow;
  receivedAt: number;
  /** Asks to cancel (the page confirms first). */
  onCancel?: (row: ActiveDownloadRow) => void;
}) {
  const { t, i18n } = useTranslation();
  const tr = useTranslator();
  const now = useNow(1000);
  const video = row.video;
  // The same duration the library shows for this video (finished parts and the open one).
  const seconds =
    videoSeconds(video ?? { status: "RUNNING", duration_seconds: null }, { sample: row, receivedAt }, now) ??
    0;

  return (
    <li className="flex flex-col gap-2 px-4 py-3" data-testid="running-download" data-video={video?.id}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={stageTone[row.stage]}>{t(`downloads.stage.${row.stage}`)}</Badge>
        {video ? (
          <Link
            to="/channels/$channelId"
            params={{ channelId: video.broadcaster_id }}
            className="font-medium text-fg hover:underline"
          >
            {video.broadcaster_name}
          </Link>
        ) : (
          <span className="font-medium text-fg">{t("common.unknown")}</span>
        )}
        {row.variant && <Badge>{qualityLabel(tr, row.variant)}</Badge>}
        <span className="ml-auto font-mono text-sm tabular-nums text-fg" data-testid="recorded-clock">
          <span className="sr-only">{t("downloads.recorded")} </span>
          {formatClock(seconds)}
        </span>
      </div>
      {video?.title && <p className="truncate text-sm text-fg-muted">{video.title}</p>}
      {row.stage === "paused" && row.reason && (
        <p className="text-sm text-danger" data-testid="paused-reason">
          {/* The reason is the server's own words (English), marked so for screen readers. */}
          <Trans
            i18nKey="downloads.pausedBecause"
            values={{ reason: row.reason }}
            components={{ reason: <span lang="en" /> }}
          />
        </p>
      )}
      <ProgressBar value={null} label={t("downloads.inProgress")} />
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-fg-muted">
        <span>{formatBytes(row.bytes_written, i18n.language)}</span>
        <span>{formatSpeed(row.speed, i18n.language)}</span>
        <span>{t("downloads.segments", { count: row.segments_done })}</span>
        {row.segments_gaps > 0 && (
          <span className="text-warning">{t("downloads.gaps", { count: row.segments_gaps })}</span>
        )}
        {row.segments_ad_gaps > 0 && (
          <span>{t("downloads.adsSkipped", { count: row.segments_ad_gaps })}</span>
        )}
        {/* Open is a link styled as the button beside it: same height, same baseline. */}
        <span className="ml-auto flex items-center gap-2" data-testid="download-actions">
          {video && (
            <Link
              to="/watch/$videoId"
              params={{ videoId: video.id }}
              className={buttonClasses("ghost", "sm", "text-brand-600 dark:text-brand-400")}
            >
              {t("downloads.open")}
            </Link>
          )}
          {onCancel && (
            <Button size="sm" variant="ghost" onClick={() => onCancel(row)}>
              {t("downloads.cancel")}
            </Button>
          )}
        </span>
      </div>
    </li>
  );
}
