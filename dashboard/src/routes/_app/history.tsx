import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { createFileRoute, useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { Pager } from "@/components/pager";
import { QueryResult } from "@/components/query-result";
import { SortSelect } from "@/components/sort-select";
import { Card } from "@/components/ui/card";
import { HistoryTable } from "@/features/history/components/history-table";
import { HistoryTabs } from "@/features/history/components/history-tabs";
import {
  type HistorySearch,
  historyInput,
  nextPage,
  pageCount,
  parseHistorySearch,
  previousPage,
  SORT_CHOICE_KEYS,
  type SortChoice,
  sortBy,
  sortChoice,
  tabCounts,
  withSortChoice,
} from "@/features/history/history-search";
import { useTRPC } from "@/lib/trpc";

export const Route = createFileRoute("/_app/history")({
  validateSearch: parseHistorySearch,
  component: HistoryPage,
});

/** Every recording that finished: all, failed, cancelled or removed; 50 a page, sortable, in the URL. */
function HistoryPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const search = Route.useSearch();
  const navigate = useNavigate({ from: "/history" });
  const go = (next: HistorySearch) => void navigate({ search: next });
  const stats = useQuery(trpc.video.statistics.queryOptions());
  const list = useQuery({
    ...trpc.video.listPage.queryOptions(historyInput(search)),
    placeholderData: keepPreviousData,
  });
  const counts = stats.data ? tabCounts(stats.data) : undefined;
  const tab = search.tab ?? "all";
  const page = search.page ?? 1;
  const total = counts?.[tab] ?? 0;

  return (
    <>
      <PageHeader title={t("history.title")} description={t("history.description")} />
      <HistoryTabs search={search} counts={counts} />
      <div className="mb-4 md:hidden">
        <SortSelect
          value={sortChoice(search)}
          options={SORT_CHOICE_KEYS}
          optionLabel={(choice) => t(`videos.sorts.${choice}`)}
          onChange={(choice) => go(withSortChoice(search, choice as SortChoice))}
        />
      </div>
      <QueryResult query={list}>
        {(result) =>
          result.items.length === 0 && page === 1 ? (
            <EmptyState title={t(`history.empty.${tab}`)} />
          ) : (
            <Card aria-busy={list.isPlaceholderData} className={list.isPlaceholderData ? "opacity-60" : ""}>
              <HistoryTable rows={result.items} search={search} onSort={(sort) => go(sortBy(search, sort))} />
              <div className="border-t border-line">
                <Pager
                  label={t("history.pager")}
                  page={page}
                  pages={pageCount(total, page)}
                  total={total}
                  canPrevious={page > 1 && result.prev_cursor !== null}
                  canNext={result.next_cursor !== null}
                  onPage={(to) => {
                    if (to > page && result.next_cursor) go(nextPage(search, result.next_cursor));
                    if (to < page && result.prev_cursor) go(previousPage(search, result.prev_cursor));
                  }}
                />
              </div>
            </Card>
          )
        }
      </QueryResult>
    </>
  );
}
