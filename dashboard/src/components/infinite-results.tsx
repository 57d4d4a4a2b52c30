import type { ReactNode } from "react";
import { EmptyState } from "./empty-state";
import { InfiniteSentinel } from "./infinite-sentinel";
import { type QueryLike, QueryResult } from "./query-result";

/** What the list reads of a `useInfiniteQuery` over keyset pages. */
export interface InfinitePages extends QueryLike<unknown> {
  /** A new sort or filter's first page is loading: the previous results stay, dimmed. */
  isPlaceholderData: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/**
 * The states of a paged list: the query's error with a retry, a spinner until the first page, an empty
 * state, else the items (`children`) and the sentinel that loads the next page as the user scrolls.
 */
export function InfiniteResults({
  pages,
  empty,
  emptyTitle,
  children,
}: {
  pages: InfinitePages;
  /** Nothing to show (the caller may filter what the pages hold). */
  empty: boolean;
  emptyTitle: string;
  children: ReactNode;
}) {
  return (
    <QueryResult query={pages}>
      {() =>
        empty ? (
          <EmptyState title={emptyTitle} />
        ) : (
          <div
            aria-busy={pages.isPlaceholderData}
            className={pages.isPlaceholderData ? "opacity-60 transition-opacity" : ""}
          >
            {children}
            <InfiniteSentinel
              hasNextPage={pages.hasNextPage}
              isFetchingNextPage={pages.isFetchingNextPage}
              fetchNextPage={() => void pages.fetchNextPage()}
            />
          </div>
        )
      }
    </QueryResult>
  );
}
