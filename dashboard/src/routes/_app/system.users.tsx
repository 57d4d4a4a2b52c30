import { useQuery } from "@tanstack/react-query";
import { createFileRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "@/components/page-header";
import { QueryResult } from "@/components/query-result";
import { UsersTable } from "@/features/users/components/users-table";
import { useTRPC } from "@/lib/trpc";

export const Route = createFileRoute("/_app/system/users")({
  loader: ({ context: { queryClient, trpc } }) => {
    void queryClient.prefetchQuery(trpc.system.listUsers.queryOptions());
  },
  component: UsersPage,
});

function UsersPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const users = useQuery(trpc.system.listUsers.queryOptions());

  return (
    <div data-testid="users-page">
      <PageHeader title={t("users.title")} description={t("users.description")} />
      <QueryResult query={users}>{(data) => <UsersTable users={data} />}</QueryResult>
    </div>
  );
}
