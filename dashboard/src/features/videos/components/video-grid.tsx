import { type InfinitePages, InfiniteResults } from "@/components/infinite-results";
import { useNow } from "@/lib/use-now";
import { VideoCard, type VideoItem } from "./video-card";

/** A responsive grid of videos from an infinite query, loading further pages as the user scrolls. */
export function VideoGrid({
  pages,
  emptyTitle,
}: {
  pages: InfinitePages & { data: { pages: readonly { items: VideoItem[] }[] } | undefined };
  emptyTitle: string;
}) {
  const now = useNow(60_000);
  const videos = pages.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <InfiniteResults pages={pages} empty={videos.length === 0} emptyTitle={emptyTitle}>
      <div className="grid grid-cols-1 gap-x-4 gap-y-6 min-[480px]:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-4">
        {videos.map((video) => (
          <VideoCard key={video.id} video={video} now={now} />
        ))}
      </div>
    </InfiniteResults>
  );
}
