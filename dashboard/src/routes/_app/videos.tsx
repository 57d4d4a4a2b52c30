import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { createFileRoute, useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "@/components/page-header";
import { VideoFilters } from "@/features/videos/components/video-filters";
import { VideoGrid } from "@/features/videos/components/video-grid";
import { VideoTabs } from "@/features/videos/components/video-tabs";
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
  const list = useInfiniteQuery({
    ...trpc.video.listPage.infiniteQueryOptions(listPageInput(search), {
      getNextPageParam: (last) => last.next_cursor,
    }),
    // Keep the old rows on screen while a new filter loads, instead of flashing a spinner.
    placeholderData: keepPreviousData,
  });

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
                channels: s.channels,
              })
            : undefined
        }
      />
      <VideoTabs active={search.tab} stats={s} />
      <div className="mb-6">
        <VideoFilters search={search} onChange={update} />
      </div>
      <VideoGrid pages={list} emptyTitle={t("videos.empty")} />
    </>
  );
}
