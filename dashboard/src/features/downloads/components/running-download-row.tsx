import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress";
import { formatBytes, formatClock, formatSpeed } from "@/lib/format";
import type { RouterOutputs } from "@/lib/trpc";
import { useNow } from "@/lib/use-now";
import { extrapolatedSeconds } from "../progress";

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
  const { t } = useTranslation();
  const now = useNow(1000);
  const seconds = extrapolatedSeconds(row, receivedAt, now);
  const video = row.video;

  return (
    <li className="flex flex-col gap-2 px-4 py-3" data-testid="running-download">
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
        {row.variant && <Badge>{row.variant}</Badge>}
        <span className="ml-auto font-mono text-sm tabular-nums text-fg">
          <span className="sr-only">{t("downloads.recorded")} </span>
          {formatClock(seconds)}
        </span>
      </div>
      {video?.title && <p className="truncate text-sm text-fg-muted">{video.title}</p>}
      {row.stage === "paused" && row.reason && (
        <p className="text-sm text-danger" data-testid="paused-reason">
          {t("downloads.pausedBecause", { reason: row.reason })}
        </p>
      )}
      <ProgressBar value={null} label={t("downloads.inProgress")} />
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-fg-muted">
        <span>{formatBytes(row.bytes_written)}</span>
        <span>{formatSpeed(row.speed)}</span>
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
