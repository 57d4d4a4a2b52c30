import { EmptyState } from "@/components/empty-state";
import { InfiniteSentinel } from "@/components/infinite-sentinel";
import { QueryError } from "@/components/query-error";
import { PageSpinner } from "@/components/ui/spinner";
import { useNow } from "@/lib/use-now";
import { VideoCard, type VideoItem } from "./video-card";

/** What the grid reads of a `useInfiniteQuery` over keyset pages of videos. */
export interface VideoPages {
  data: { pages: readonly { items: VideoItem[] }[] } | undefined;
  error: unknown;
  isError: boolean;
  /** A new filter's first page is loading: the previous results stay, dimmed. */
  isPlaceholderData: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
  refetch: () => Promise<unknown>;
}

/**
 * Videos from an infinite query, as a responsive grid: its error, a spinner until the first page, an empty
 * state, then the cards; further pages load as the user scrolls.
 */
export function VideoGrid({ pages, emptyTitle }: { pages: VideoPages; emptyTitle: string }) {
  const now = useNow(60_000);
  if (pages.isError) return <QueryError error={pages.error} retry={() => void pages.refetch()} />;
  if (!pages.data) return <PageSpinner />;
  const videos = pages.data.pages.flatMap((page) => page.items);
  if (videos.length === 0) return <EmptyState title={emptyTitle} />;
  return (
    <div
      aria-busy={pages.isPlaceholderData}
      className={pages.isPlaceholderData ? "opacity-60 transition-opacity" : ""}
    >
      <div className="grid grid-cols-1 gap-x-4 gap-y-6 min-[480px]:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-4">
        {videos.map((video) => (
          <VideoCard key={video.id} video={video} now={now} />
        ))}
      </div>
      <InfiniteSentinel
        hasNextPage={pages.hasNextPage}
        isFetchingNextPage={pages.isFetchingNextPage}
        fetchNextPage={() => void pages.fetchNextPage()}
      />
    </div>
  );
}
