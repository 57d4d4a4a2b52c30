import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { createFileRoute, useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { Pager } from "@/components/pager";
import { QueryResult } from "@/components/query-result";
import { Card } from "@/components/ui/card";
import { useHasRole } from "@/features/auth/use-session";
import { RequestsTable } from "@/features/requests/components/requests-table";
import { parseRequestsSearch, requestsInput, requestsPageCount } from "@/features/requests/requests-search";
import { useTRPC } from "@/lib/trpc";

export const Route = createFileRoute("/_app/requests")({
  validateSearch: parseRequestsSearch,
  component: RequestsPage,
});

/** Recording requests: the caller's own, or everyone's for an admin or the owner (the server decides). */
function RequestsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const everyone = useHasRole("admin");
  const search = Route.useSearch();
  const navigate = useNavigate({ from: "/requests" });
  const list = useQuery({
    ...trpc.videorequest.list.queryOptions(requestsInput(search)),
    placeholderData: keepPreviousData,
  });
  const page = search.page ?? 1;

  return (
    <>
      <PageHeader
        title={t("requests.title")}
        description={everyone ? t("requests.descriptionEveryone") : t("requests.descriptionMine")}
      />
      <QueryResult query={list}>
        {(result) =>
          result.total === 0 ? (
            <EmptyState title={t("requests.empty")} description={t("requests.emptyHint")} />
          ) : (
            <Card aria-busy={list.isPlaceholderData}>
              <RequestsTable rows={result.data} showWho={everyone} />
              <div className="border-t border-line">
                <Pager
                  label={t("requests.pager")}
                  page={page}
                  pages={requestsPageCount(result.total)}
                  total={result.total}
                  onPage={(to) => void navigate({ search: to > 1 ? { page: to } : {} })}
                />
              </div>
            </Card>
          )
        }
      </QueryResult>
    </>
  );
}
