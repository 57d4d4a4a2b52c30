import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { type Column, StackedTable } from "@/components/ui/stacked-table";
import { VideoOutcomeBadge } from "@/components/video-outcome-badge";
import { formatDate, formatDuration } from "@/lib/format";
import type { RouterOutputs } from "@/lib/trpc";
import { useDateStyle } from "@/lib/use-date-style";

export type RequestItem = RouterOutputs["videorequest"]["list"]["data"][number];

/**
 * Who asked to record what, when, and how it turned out. `showWho`: the caller sees everyone's requests
 * (an admin or the owner), so each row names who asked.
 */
export function RequestsTable({ rows, showWho }: { rows: readonly RequestItem[]; showWho: boolean }) {
  const { t, i18n } = useTranslation();
  const dateStyle = useDateStyle();
  const columns: Column<RequestItem>[] = [
    {
      header: t("requests.columns.recording"),
      cell: (r) =>
        r.deleted_at === null ? (
          <Link
            to="/watch/$videoId"
            params={{ videoId: r.video_id }}
            className="font-medium text-fg hover:underline"
          >
            {r.title || t("videos.untitled")}
          </Link>
        ) : (
          <span className="font-medium text-fg-muted">{r.title || t("videos.untitled")}</span>
        ),
    },
    {
      header: t("requests.columns.channel"),
      cell: (r) => (
        <Link to="/channels/$channelId" params={{ channelId: r.broadcaster_id }} className="hover:underline">
          {r.broadcaster_name}
        </Link>
      ),
    },
    ...(showWho
      ? [{ header: t("requests.columns.who"), cell: (r: RequestItem) => r.requested_by.display_name }]
      : []),
    {
      header: t("requests.columns.when"),
      className: "md:whitespace-nowrap",
      cell: (r) => <time dateTime={r.requested_at}>{formatDate(r.requested_at, dateStyle)}</time>,
    },
    {
      header: t("requests.columns.outcome"),
      cell: (r) => (
        <span className="inline-flex flex-wrap items-center gap-2">
          <VideoOutcomeBadge video={r} />
          {r.duration_seconds !== null && (
            <span className="text-xs text-fg-muted tabular-nums">
              {formatDuration(r.duration_seconds, i18n.language)}
            </span>
          )}
        </span>
      ),
    },
  ];
  return (
    <StackedTable
      caption={t("requests.caption")}
      columns={columns}
      rows={rows}
      rowKey={(r) => `${r.video_id}-${r.requested_by.id}`}
      rowProps={() => ({ "data-testid": "request-row" })}
      inCard
    />
  );
}
