import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { createFileRoute, Link, useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { InfiniteResults } from "@/components/infinite-results";
import { PageHeader } from "@/components/page-header";
import { SortSelect } from "@/components/sort-select";
import { useHasRole } from "@/features/auth/use-session";
import { AddChannelForm } from "@/features/channels/components/add-channel-form";
import { ChannelCard } from "@/features/channels/components/channel-card";
import { CHANNEL_FILTERS, CHANNEL_SORTS, parseChannelSearch } from "@/features/channels/search";
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
  const canAdd = useHasRole("owner");
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
          <SortSelect
            className="w-40"
            value={search.sort ?? "name_asc"}
            options={CHANNEL_SORTS}
            optionLabel={(sort) => t(`channels.sorts.${sort}`)}
            onChange={(sort) =>
              void navigate({ search: (prev) => parseChannelSearch({ ...prev, sort }), replace: true })
            }
          />
        }
      />
      {canAdd && <AddChannelForm />}
      <nav
        aria-label={t("channels.filtersLabel")}
        className="-mx-1 mb-4 flex flex-wrap gap-x-1 border-b border-line px-1"
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
      <InfiniteResults pages={list} empty={shown.length === 0} emptyTitle={t("channels.empty")}>
        <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
          {shown.map((channel) => (
            <ChannelCard
              key={channel.broadcaster_id}
              channel={channel}
              live={live.has(channel.broadcaster_id)}
            />
          ))}
        </ul>
      </InfiniteResults>
    </>
  );
}
