import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { type Column, StackedTable } from "@/components/ui/stacked-table";
import { VideoOutcomeBadge } from "@/components/video-outcome-badge";
import { formatBytes, formatDate, formatDuration } from "@/lib/format";
import type { RouterOutputs } from "@/lib/trpc";
import { useDateStyle } from "@/lib/use-date-style";
import { type HistorySearch, type HistorySort, sortState } from "../history-search";

export type HistoryItem = RouterOutputs["video"]["listPage"]["items"][number];

/**
 * One page of finished recordings: outcome, recording (a link while it can be watched), channel, when,
 * length and size; the last four sort the history. A failure's reason and a removal's date sit under it.
 */
export function HistoryTable({
  rows,
  search,
  onSort,
}: {
  rows: readonly HistoryItem[];
  search: HistorySearch;
  onSort: (sort: HistorySort) => void;
}) {
  const { t, i18n } = useTranslation();
  const dateStyle = useDateStyle();
  const sortable = (column: HistorySort) => ({
    state: sortState(search, column),
    onSort: () => onSort(column),
  });
  const columns: Column<HistoryItem>[] = [
    { header: t("history.columns.outcome"), cell: (v) => <VideoOutcomeBadge video={v} /> },
    {
      header: t("history.columns.recording"),
      cell: (v) => (
        <>
          {v.deleted_at === null ? (
            <Link
              to="/watch/$videoId"
              params={{ videoId: v.id }}
              className="font-medium text-fg hover:underline"
            >
              {v.title || t("videos.untitled")}
            </Link>
          ) : (
            <span className="font-medium text-fg-muted">{v.title || t("videos.untitled")}</span>
          )}
          {v.status === "FAILED" && v.error && <p className="text-xs text-danger">{v.error}</p>}
          {v.deleted_at !== null && (
            <p className="text-xs text-fg-muted">
              {t(v.deletion_kind === "retention" ? "history.removedByRetention" : "history.removedByHand", {
                date: formatDate(v.deleted_at, dateStyle),
              })}
            </p>
          )}
        </>
      ),
    },
    {
      header: t("history.columns.channel"),
      sort: sortable("channel"),
      cell: (v) => (
        <Link to="/channels/$channelId" params={{ channelId: v.broadcaster_id }} className="hover:underline">
          {v.broadcaster_name}
        </Link>
      ),
    },
    {
      header: t("history.columns.when"),
      sort: sortable("when"),
      className: "md:whitespace-nowrap",
      cell: (v) => <time dateTime={v.start_download_at}>{formatDate(v.start_download_at, dateStyle)}</time>,
    },
    {
      header: t("history.columns.duration"),
      sort: sortable("duration"),
      className: "tabular-nums md:whitespace-nowrap",
      cell: (v) => formatDuration(v.duration_seconds, i18n.language),
    },
    {
      header: t("history.columns.size"),
      sort: sortable("size"),
      className: "tabular-nums md:whitespace-nowrap",
      cell: (v) => formatBytes(v.size_bytes, i18n.language),
    },
  ];
  return (
    <StackedTable
      caption={t("history.caption")}
      columns={columns}
      rows={rows}
      rowKey={(v) => v.id}
      rowProps={() => ({ "data-testid": "history-row" })}
      inCard
    />
  );
}
