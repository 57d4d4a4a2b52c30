import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useTRPC } from "@/lib/trpc";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { SEARCH_DEBOUNCE_MS, SEARCH_LIMITS, searchGroups, searchTerm } from "./results";

/**
 * Videos (titles, channels, categories they were in), channels and categories with recordings matching the
 * typed text, asked once typing pauses: three procedures, one batched request.
 */
export function useGlobalSearch(text: string) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const typed = searchTerm(text);
  const term = useDebouncedValue(typed, SEARCH_DEBOUNCE_MS);
  const query = term ?? "";
  // While the next answers load, the previous ones stay (no flicker between keystrokes).
  const options = { enabled: term !== null, placeholderData: keepPreviousData, staleTime: 30_000 };
  const videos = useQuery({
    ...trpc.video.search.queryOptions({ query, limit: SEARCH_LIMITS.video }),
    ...options,
  });
  const channels = useQuery({
    ...trpc.channel.search.queryOptions({ query, limit: SEARCH_LIMITS.channel }),
    ...options,
  });
  const categories = useQuery({
    ...trpc.category.searchWithVideos.queryOptions({ query, limit: SEARCH_LIMITS.category }),
    ...options,
  });
  const all = [videos, channels, categories];
  const groups =
    typed === null
      ? []
      : searchGroups(
          { videos: videos.data, channels: channels.data, categories: categories.data },
          t("videos.untitled"),
        );
  return {
    /** What the shown results answer (null: nothing typed worth searching). */
    term: typed === null ? null : term,
    groups,
    pending: typed !== null && (typed !== term || all.some((q) => q.isFetching)),
    error: all.find((q) => q.error)?.error ?? null,
  };
}
