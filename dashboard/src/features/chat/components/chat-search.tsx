import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { type RouterInputs, trpcClient, useTRPC } from "@/lib/trpc";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { chatClock } from "../chat-style";
import type { ChatLine } from "../types";
import type { ChatLineContext } from "./chat-line";
import { ChatText } from "./chat-text";

type ChatSearchCursor = RouterInputs["chat"]["search"]["cursor"];

/**
 * Search in a video's chat: a box, then the matching lines in timeline order (time, name, text), 50 at a
 * time. Picking one hands it to `onPick` (the panel seeks the player there).
 */
export function ChatSearch({
  videoId,
  query,
  onQuery,
  onPick,
  context,
}: {
  videoId: number;
  query: string;
  onQuery: (query: string) => void;
  onPick: (hit: ChatLine) => void;
  context: ChatLineContext;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const settled = useDebouncedValue(query.trim(), 300);
  // Pages by hand: chat.search takes no `direction`, which tRPC's infiniteQueryOptions adds to the input.
  const input = { video_id: videoId, query: settled, limit: 50 };
  const hits = useInfiniteQuery({
    queryKey: trpc.chat.search.queryKey(input),
    queryFn: ({ pageParam, signal }) =>
      trpcClient.chat.search.query({ ...input, cursor: pageParam }, { signal }),
    initialPageParam: null as ChatSearchCursor,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: settled.length > 0,
  });
  const found = (hits.data?.pages ?? []).flatMap((page) => page.hits);

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="border-b border-line p-2">
        <Input
          type="search"
          autoFocus
          aria-label={t("chat.search.label")}
          placeholder={t("chat.search.placeholder")}
          value={query}
          maxLength={100}
          onChange={(e) => onQuery(e.target.value)}
          className="h-9"
          data-testid="chat-search-input"
        />
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto p-1" aria-live="polite">
        {settled.length > 0 && hits.isPending && (
          <div className="flex justify-center p-4">
            <Spinner />
          </div>
        )}
        {hits.isError && <p className="p-3 text-sm text-danger">{hits.error.message}</p>}
        {hits.isSuccess && found.length === 0 && (
          <p className="p-3 text-sm text-fg-muted">{t("chat.search.none", { query: settled })}</p>
        )}
        {found.length > 0 && (
          <ol aria-label={t("chat.search.results")} data-testid="chat-search-hits">
            {found.map((hit) => (
              <li key={hit.id}>
                <button
                  type="button"
                  data-testid="chat-search-hit"
                  data-offset={hit.offset_seconds}
                  title={t("chat.search.jumpTo", { time: chatClock(hit.offset_seconds) })}
                  onClick={() => onPick(hit)}
                  className="block w-full break-words rounded-md px-2 py-1.5 text-left text-sm hover:bg-surface-muted"
                >
                  <span className="mr-1.5 font-mono text-xs tabular-nums text-brand-600 dark:text-brand-400">
                    {chatClock(hit.offset_seconds)}
                  </span>
                  <span className="font-semibold text-fg">{hit.display_name || hit.user_login}</span>
                  {hit.text && <span className="text-fg-muted">: </span>}
                  <span className="text-fg">
                    <ChatText line={hit} emoteTemplate={context.emoteTemplate} theme={context.theme} />
                  </span>
                  {!hit.text && hit.system_text && <span className="text-fg-muted"> {hit.system_text}</span>}
                </button>
              </li>
            ))}
          </ol>
        )}
        {hits.hasNextPage && (
          <div className="flex justify-center p-2">
            <Button onClick={() => void hits.fetchNextPage()} disabled={hits.isFetchingNextPage}>
              {t("chat.search.more")}
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}
