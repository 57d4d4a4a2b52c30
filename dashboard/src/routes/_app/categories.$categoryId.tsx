import { useInfiniteQuery, useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "@/components/page-header";
import { CategoryFacts } from "@/features/categories/components/category-facts";
import { VideoGrid } from "@/features/videos/components/video-grid";
import { formatBytes } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";

export const Route = createFileRoute("/_app/categories/$categoryId")({
  loader: ({ context: { queryClient, trpc }, params }) =>
    queryClient.ensureQueryData(trpc.category.getById.queryOptions({ id: params.categoryId })),
  component: CategoryPage,
});

function CategoryPage() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const { categoryId } = Route.useParams();
  const { data: category } = useSuspenseQuery(trpc.category.getById.queryOptions({ id: categoryId }));
  const videos = useInfiniteQuery(
    trpc.video.byCategory.infiniteQueryOptions(
      { id: categoryId, limit: 24 },
      { getNextPageParam: (last) => last.next_cursor },
    ),
  );
  return (
    <>
      <PageHeader
        title={category.name}
        description={`${t("categories.count", { count: category.video_count })} · ${formatBytes(category.total_size, i18n.language)}`}
      />
      <CategoryFacts category={category} />
      <VideoGrid pages={videos} emptyTitle={t("categories.noVideos")} />
    </>
  );
}
