import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Pager } from "@/components/pager";
import { QueryError } from "@/components/query-error";
import { Card } from "@/components/ui/card";
import { PageSpinner } from "@/components/ui/spinner";
import { useTRPC } from "@/lib/trpc";
import { useSystemEventsFeed } from "../api/use-system-events-feed";
import { type LogSearch, logQuery, pageInfo } from "../log-query";
import { EventLogTable } from "./event-log-table";
import { FetchLogTable } from "./fetch-log-table";
import { LogFilters } from "./log-filters";

/** The logs page body: filters, the one query they select, its table and pager. */
export function LogsView({ search, onSearch }: { search: LogSearch; onSearch: (next: LogSearch) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const query = logQuery(search);
  const keep = { placeholderData: keepPreviousData };
  // Only the selected source is fetched; the others wait with skipToken.
  const events = useQuery({
    ...trpc.system.eventLogs.queryOptions(query.kind === "events" ? query.input : skipToken),
    ...keep,
  });
  const found = useQuery({
    ...trpc.system.searchEventLogs.queryOptions(query.kind === "search" ? query.input : skipToken),
    ...keep,
  });
  const calls = useQuery({
    ...trpc.system.fetchLogs.queryOptions(query.kind === "api" ? query.input : skipToken),
    ...keep,
  });
  useSystemEventsFeed(query.kind !== "api");
  const active = query.kind === "events" ? events : query.kind === "search" ? found : calls;
  const total = active.data?.total ?? 0;
  const info = pageInfo(total, search.page ?? 1);

  return (
    <Card aria-label={t("logs.title")}>
      <LogFilters search={search} onChange={onSearch} />
      <div className="border-t border-line" data-testid="log-results" aria-busy={active.isFetching}>
        {active.isError ? (
          <div className="p-4">
            <QueryError error={active.error} retry={() => void active.refetch()} />
          </div>
        ) : !active.data ? (
          <PageSpinner />
        ) : active.data.data.length === 0 ? (
          <p className="p-4 text-sm text-fg-muted">
            {query.kind === "search" ? t("logs.noMatches") : t("logs.empty")}
          </p>
        ) : query.kind === "api" && calls.data ? (
          <FetchLogTable entries={calls.data.data} />
        ) : query.kind === "events" && events.data ? (
          <EventLogTable entries={events.data.data} />
        ) : found.data ? (
          <EventLogTable entries={found.data.data} />
        ) : null}
      </div>
      {active.data && total > 0 && (
        <div className="border-t border-line">
          <Pager
            label={t("logs.pager")}
            page={info.page}
            pages={info.pages}
            total={total}
            onPage={(page) => onSearch({ ...search, page: page > 1 ? page : undefined })}
          />
        </div>
      )}
    </Card>
  );
}
