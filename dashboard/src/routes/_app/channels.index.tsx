import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { createFileRoute, Link, useNavigate } from "@tanstack/react-router";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "@/components/empty-state";
import { InfiniteSentinel } from "@/components/infinite-sentinel";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { Select } from "@/components/ui/field";
import { PageSpinner } from "@/components/ui/spinner";
import { ChannelCard } from "@/features/channels/components/channel-card";
import { CHANNEL_FILTERS, parseChannelSearch } from "@/features/channels/search";
import { useLiveSet } from "@/features/live/live-set-provider";
import { useTRPC } from "@/lib/trpc";

export const Route = createFileRoute("/_app/channels/")({
  validateSearch: parseChannelSearch,
  component: ChannelsPage,
});

function ChannelsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const search = Route.useSearch();
  const navigate = useNavigate({ from: "/channels/" });
  const live = useLiveSet();
  const sortId = useId();
  const filter = search.filter ?? "all";
  const list = useInfiniteQuery({
    ...trpc.channel.listPage.infiniteQueryOptions(
      { limit: 60, sort: search.sort ?? "name_asc", filter },
      { getNextPageParam: (last) => last.next_cursor },
    ),
    placeholderData: keepPreviousData,
  });
  const channels = list.data?.pages.flatMap((p) => p.items) ?? [];
  // The live filter follows the live set as it changes, without waiting for a refetch.
  const shown = filter === "live" ? channels.filter((c) => live.has(c.broadcaster_id)) : channels;

  return (
    <>
      <PageHeader
        title={t("channels.title")}
        actions={
          <div className="flex items-center gap-2">
            <label htmlFor={sortId} className="text-sm text-fg-muted">
              {t("videos.filters.sort")}
            </label>
            <Select
              id={sortId}
              className="w-40"
              value={search.sort ?? "name_asc"}
              onChange={(e) =>
                void navigate({
                  search: (prev) => parseChannelSearch({ ...prev, sort: e.target.value }),
                  replace: true,
                })
              }
            >
              <option value="name_asc">{t("channels.sorts.name_asc")}</option>
              <option value="name_desc">{t("channels.sorts.name_desc")}</option>
            </Select>
          </div>
        }
      />
      <nav
        aria-label={t("channels.filtersLabel")}
        className="-mx-1 mb-4 flex gap-1 overflow-x-auto border-b border-line px-1"
      >
        {CHANNEL_FILTERS.map((f) => (
          <Link
            key={f}
            to="/channels"
            search={(prev) => parseChannelSearch({ ...prev, filter: f })}
            aria-current={f === filter ? "page" : undefined}
            className="-mb-px shrink-0 border-b-2 border-transparent px-3 py-2 text-sm text-fg-muted hover:text-fg aria-[current=page]:border-brand-500 aria-[current=page]:text-fg"
          >
            {t(`channels.filters.${f}`)}
          </Link>
        ))}
      </nav>
      {list.isError ? (
        <QueryError error={list.error} retry={() => void list.refetch()} />
      ) : list.isPending ? (
        <PageSpinner />
      ) : shown.length === 0 ? (
        <EmptyState title={t("channels.empty")} />
      ) : (
        <>
          <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" aria-busy={list.isPlaceholderData}>
            {shown.map((channel) => (
              <ChannelCard
                key={channel.broadcaster_id}
                channel={channel}
                live={live.has(channel.broadcaster_id)}
              />
            ))}
          </ul>
          <InfiniteSentinel
            hasNextPage={list.hasNextPage}
            isFetchingNextPage={list.isFetchingNextPage}
            fetchNextPage={() => void list.fetchNextPage()}
          />
        </>
      )}
    </>
  );
}
