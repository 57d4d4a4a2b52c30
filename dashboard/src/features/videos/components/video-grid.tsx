import { type InfinitePages, InfiniteResults } from "@/components/infinite-results";
import { useNow } from "@/lib/use-now";
import { VideoCard, type VideoItem, type VideoSelection } from "./video-card";

/**
 * A responsive grid of videos from an infinite query, loading further pages as the user scrolls; with
 * `selection`, each card has a checkbox (the library's bulk actions).
 */
export function VideoGrid({
  pages,
  emptyTitle,
  selection,
}: {
  pages: InfinitePages & { data: { pages: readonly { items: VideoItem[] }[] } | undefined };
  emptyTitle: string;
  selection?: { selected: ReadonlySet<number>; onToggle: (id: number) => void } | undefined;
}) {
  const now = useNow(60_000);
  const videos = pages.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <InfiniteResults pages={pages} empty={videos.length === 0} emptyTitle={emptyTitle}>
      <div className="grid grid-cols-1 gap-x-4 gap-y-6 min-[480px]:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-4">
        {videos.map((video) => (
          <VideoCard
            key={video.id}
            video={video}
            now={now}
            selection={selection && cardSelection(video.id, selection)}
          />
        ))}
      </div>
    </InfiniteResults>
  );
}

function cardSelection(
  id: number,
  selection: { selected: ReadonlySet<number>; onToggle: (id: number) => void },
): VideoSelection {
  return { selected: selection.selected.has(id), onToggle: () => selection.onToggle(id) };
}
