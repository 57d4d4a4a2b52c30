import { useQuery } from "@tanstack/react-query";
import { createFileRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { QueryResult } from "@/components/query-result";
import { AddWhitelistForm } from "@/features/whitelist/components/add-whitelist-form";
import { WhitelistTable } from "@/features/whitelist/components/whitelist-table";
import { useTRPC } from "@/lib/trpc";

export const Route = createFileRoute("/_app/system/whitelist")({
  loader: ({ context: { queryClient, trpc } }) => {
    void queryClient.prefetchQuery(trpc.system.listWhitelist.queryOptions());
    void queryClient.prefetchQuery(trpc.system.listUsers.queryOptions());
  },
  component: WhitelistPage,
});

function WhitelistPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const entries = useQuery(trpc.system.listWhitelist.queryOptions());
  // Only to put names on ids; the list works without it.
  const users = useQuery(trpc.system.listUsers.queryOptions());

  return (
    <div data-testid="whitelist-page">
      <PageHeader title={t("whitelist.title")} description={t("whitelist.description")} />
      <div className="flex flex-col gap-4">
        <AddWhitelistForm />
        <QueryResult query={entries}>
          {(data) =>
            data.length === 0 ? (
              <EmptyState title={t("whitelist.empty")} description={t("whitelist.emptyHint")} />
            ) : (
              <WhitelistTable entries={data} users={users.data ?? []} />
            )
          }
        </QueryResult>
      </div>
    </div>
  );
}
