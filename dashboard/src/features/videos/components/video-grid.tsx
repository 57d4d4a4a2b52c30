import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { useNow } from "@/lib/use-now";
import { VideoCard, type VideoItem } from "./video-card";

/**
 * A responsive grid of videos that loads the next keyset page when its end comes within 500 px of the
 * viewport; a "Load more" button does the same for keyboard users and browsers without IntersectionObserver.
 */
export function VideoGrid({
  videos,
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
  emptyTitle,
}: {
  videos: VideoItem[];
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  emptyTitle: string;
}) {
  const { t } = useTranslation();
  const now = useNow(60_000);
  const sentinel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasNextPage || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) fetchNextPage();
      },
      { rootMargin: "500px" },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (videos.length === 0) return <EmptyState title={emptyTitle} />;

  return (
    <div>
      <div className="grid grid-cols-1 gap-x-4 gap-y-6 min-[480px]:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-4">
        {videos.map((video) => (
          <VideoCard key={video.id} video={video} now={now} />
        ))}
      </div>
      <div ref={sentinel} className="flex justify-center py-6">
        {isFetchingNextPage ? (
          <Spinner />
        ) : hasNextPage ? (
          <Button onClick={() => fetchNextPage()}>{t("common.loadMore")}</Button>
        ) : (
          <p className="text-sm text-fg-muted">{t("common.endOfList")}</p>
        )}
      </div>
    </div>
  );
}
