import type { ReactNode } from "react";
import { QueryError } from "./query-error";
import { PageSpinner } from "./ui/spinner";

/** What QueryResult reads of a `useQuery` (or infinite query) result. */
export interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isError: boolean;
  refetch: () => Promise<unknown>;
}

/** A query's states: its error with a retry, a spinner until the data arrives, then `children(data)`. */
export function QueryResult<T>({
  query,
  children,
}: {
  query: QueryLike<T>;
  children: (data: T) => ReactNode;
}) {
  if (query.isError) return <QueryError error={query.error} retry={() => void query.refetch()} />;
  if (query.data === undefined) return <PageSpinner />;
  return children(query.data);
}
