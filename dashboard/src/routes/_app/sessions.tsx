import { useQuery } from "@tanstack/react-query";
import { createFileRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { QueryResult } from "@/components/query-result";
import { SessionsTable } from "@/features/sessions/components/sessions-table";
import { useTRPC } from "@/lib/trpc";

export const Route = createFileRoute("/_app/sessions")({
  loader: ({ context: { queryClient, trpc } }) => {
    void queryClient.prefetchQuery(trpc.auth.sessions.queryOptions());
  },
  component: SessionsPage,
});

function SessionsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const sessions = useQuery(trpc.auth.sessions.queryOptions());

  return (
    <div data-testid="sessions-page">
      <PageHeader title={t("sessions.title")} description={t("sessions.description")} />
      <QueryResult query={sessions}>
        {(data) =>
          data.length === 0 ? <EmptyState title={t("sessions.empty")} /> : <SessionsTable sessions={data} />
        }
      </QueryResult>
    </div>
  );
}
