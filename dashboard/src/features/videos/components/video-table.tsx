import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { type InfinitePages, InfiniteResults } from "@/components/infinite-results";
import { type Column, StackedTable } from "@/components/ui/stacked-table";
import { VideoOutcomeBadge } from "@/components/video-outcome-badge";
import { formatBytes, formatDate, formatDuration } from "@/lib/format";
import { useDateStyle } from "@/lib/use-date-style";
import { whyNotDeletable } from "../deletion";
import { columnSortState, nextColumnSort, type SortableColumn, type SortOption } from "../search";
import type { VideoItem } from "./video-card";

/**
 * The library as a table: one row per recording, the date, channel, length and size columns sort the list
 * (a click sorts by it, a second click the other way); further pages load as the user scrolls. With
 * `selection`, each row starts with a checkbox (the library's bulk actions, as on the grid's cards).
 */
export function VideoTable({
  pages,
  emptyTitle,
  sort,
  onSort,
  selection,
}: {
  pages: InfinitePages & { data: { pages: readonly { items: VideoItem[] }[] } | undefined };
  emptyTitle: string;
  sort: SortOption | undefined;
  onSort: (sort: SortOption) => void;
  selection?: { selected: ReadonlySet<number>; onToggle: (id: number) => void } | undefined;
}) {
  const { t, i18n } = useTranslation();
  const dateStyle = useDateStyle();
  const videos = pages.data?.pages.flatMap((page) => page.items) ?? [];
  const sortable = (column: SortableColumn) => ({
    state: columnSortState(column, sort),
    onSort: () => onSort(nextColumnSort(column, sort)),
  });
  const select: Column<VideoItem>[] = selection
    ? [
        {
          header: t("videos.columns.select"),
          cell: (v) => {
            const blocked = whyNotDeletable(v);
            return (
              <input
                type="checkbox"
                className="size-5 accent-brand-600"
                checked={selection.selected.has(v.id)}
                disabled={blocked !== null}
                title={blocked ? t(`videos.select.blocked.${blocked}`) : undefined}
                onChange={() => selection.onToggle(v.id)}
                aria-label={t("videos.select.one", { title: v.title || t("videos.untitled") })}
              />
            );
          },
        },
      ]
    : [];
  const columns: Column<VideoItem>[] = [
    ...select,
    {
      header: t("videos.columns.title"),
      cell: (v) => (
        <Link to="/watch/$videoId" params={{ videoId: v.id }} className="font-medium text-fg hover:underline">
          {v.title || t("videos.untitled")}
        </Link>
      ),
    },
    {
      header: t("videos.columns.channel"),
      sort: sortable("channel"),
      cell: (v) => (
        <Link to="/channels/$channelId" params={{ channelId: v.broadcaster_id }} className="hover:underline">
          {v.broadcaster_name}
        </Link>
      ),
    },
    {
      header: t("videos.columns.recorded"),
      sort: sortable("recorded"),
      className: "md:whitespace-nowrap",
      cell: (v) => <time dateTime={v.start_download_at}>{formatDate(v.start_download_at, dateStyle)}</time>,
    },
    {
      header: t("videos.columns.duration"),
      sort: sortable("duration"),
      className: "tabular-nums md:whitespace-nowrap",
      cell: (v) => formatDuration(v.duration_seconds, i18n.language),
    },
    {
      header: t("videos.columns.size"),
      sort: sortable("size"),
      className: "tabular-nums md:whitespace-nowrap",
      cell: (v) => formatBytes(v.size_bytes, i18n.language),
    },
    {
      header: t("videos.columns.quality"),
      cell: (v) => v.selected_quality ?? t(`qualities.${v.quality}`),
    },
    { header: t("videos.columns.status"), cell: (v) => <VideoOutcomeBadge video={v} /> },
  ];
  return (
    <InfiniteResults pages={pages} empty={videos.length === 0} emptyTitle={emptyTitle}>
      <StackedTable
        caption={t("videos.tableCaption")}
        columns={columns}
        rows={videos}
        rowKey={(v) => v.id}
        rowProps={() => ({ "data-testid": "video-row" })}
      />
    </InfiniteResults>
  );
}
