import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { createFileRoute, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "@/components/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useHasRole } from "@/features/auth/use-session";
import { type DeletedSelection, SelectionBar } from "@/features/videos/components/selection-bar";
import { VideoFilters } from "@/features/videos/components/video-filters";
import { VideoGrid } from "@/features/videos/components/video-grid";
import { VideoTable } from "@/features/videos/components/video-table";
import { VideoTabs } from "@/features/videos/components/video-tabs";
import { ViewToggle } from "@/features/videos/components/view-toggle";
import { pollWhileRemoving, toggled } from "@/features/videos/deletion";
import { listPageInput, parseVideoSearch, type VideoSearch } from "@/features/videos/search";
import { formatBytes } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";

export const Route = createFileRoute("/_app/videos")({
  validateSearch: parseVideoSearch,
  component: VideosPage,
});

function VideosPage() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const search = Route.useSearch();
  const navigate = useNavigate({ from: "/videos" });
  const stats = useQuery(trpc.video.statistics.queryOptions());
  const languages = useQuery(trpc.video.languages.queryOptions(undefined, { staleTime: 60_000 }));
  const list = useInfiniteQuery({
    ...trpc.video.listPage.infiniteQueryOptions(listPageInput(search), {
      getNextPageParam: (last) => last.next_cursor,
    }),
    // Keep the old rows on screen while a new filter loads, instead of flashing a spinner.
    placeholderData: keepPreviousData,
    // A queued deletion takes a second or two: ask again until the video has gone.
    refetchInterval: (query) =>
      pollWhileRemoving(query.state.data?.pages.flatMap((p) => p.items) ?? [], 2000),
  });
  const canDelete = useHasRole("admin");
  const [selected, setSelected] = useState<Set<number> | null>(null);
  const [deleted, setDeleted] = useState<DeletedSelection | null>(null);
  const videos = list.data?.pages.flatMap((page) => page.items) ?? [];
  const selection = selected
    ? { selected, onToggle: (id: number) => setSelected(toggled(selected, id)) }
    : undefined;

  const replace = (next: VideoSearch) =>
    void navigate({ search: parseVideoSearch({ ...next }), replace: true });
  const update = (patch: Partial<VideoSearch>) =>
    void navigate({ search: (previous) => parseVideoSearch({ ...previous, ...patch }), replace: true });

  const s = stats.data;
  return (
    <>
      <PageHeader
        title={t("videos.title")}
        description={
          s
            ? t("videos.summary", {
                count: s.total,
                size: formatBytes(s.total_size, i18n.language),
                channels: t("videos.channelCount", { count: s.channels }),
              })
            : undefined
        }
        actions={
          <>
            <ViewToggle view={search.view} onChange={(view) => update({ view })} />
            {canDelete && !selected && (
              <Button onClick={() => setSelected(new Set())} data-testid="select-videos">
                {t("videos.select.start")}
              </Button>
            )}
          </>
        }
      />
      <VideoTabs active={search.tab} view={search.view} stats={s} />
      <div className="mb-6">
        <VideoFilters
          search={search}
          languages={(languages.data ?? []).map((l) => l.language)}
          onChange={update}
          onReplace={replace}
        />
      </div>
      {deleted && (
        <Alert className="mb-4">
          {t("videos.delete.queued", {
            count: deleted.count,
            size: formatBytes(deleted.bytes, i18n.language),
          })}
        </Alert>
      )}
      {selected && (
        <SelectionBar
          videos={videos}
          selected={selected}
          onChange={setSelected}
          onDone={() => setSelected(null)}
          onDeleted={(result) => {
            setDeleted(result);
            setSelected(null);
          }}
        />
      )}
      {search.view === "table" ? (
        <VideoTable
          pages={list}
          emptyTitle={t("videos.empty")}
          sort={search.sort}
          onSort={(sort) => update({ sort })}
          selection={selection}
        />
      ) : (
        <VideoGrid pages={list} emptyTitle={t("videos.empty")} selection={selection} />
      )}
    </>
  );
}
