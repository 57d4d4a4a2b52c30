import { EmptyState } from "@/components/empty-state";
import { InfiniteSentinel } from "@/components/infinite-sentinel";
import { useNow } from "@/lib/use-now";
import { VideoCard, type VideoItem } from "./video-card";

/** A responsive grid of videos that loads further keyset pages as the user scrolls. */
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
  const now = useNow(60_000);
  if (videos.length === 0) return <EmptyState title={emptyTitle} />;
  return (
    <div>
      <div className="grid grid-cols-1 gap-x-4 gap-y-6 min-[480px]:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-4">
        {videos.map((video) => (
          <VideoCard key={video.id} video={video} now={now} />
        ))}
      </div>
      <InfiniteSentinel
        hasNextPage={hasNextPage}
        isFetchingNextPage={isFetchingNextPage}
        fetchNextPage={fetchNextPage}
      />
    </div>
  );
}
