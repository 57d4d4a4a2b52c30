import { createFileRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "@/components/page-header";
import { isOwnerSession, RequireRole } from "@/features/auth/components/owner-only";
import { TasksTable } from "@/features/tasks/components/tasks-table";

export const Route = createFileRoute("/_app/system/tasks")({
  loader: ({ context: { queryClient, trpc, session } }) => {
    if (!isOwnerSession(session)) return;
    void queryClient.prefetchQuery(trpc.task.list.queryOptions());
  },
  component: () => (
    <RequireRole>
      <TasksPage />
    </RequireRole>
  ),
});

/** The maintenance scheduler's tasks, live. */
function TasksPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("tasks.title")} description={t("tasks.description")} />
      <TasksTable />
    </>
  );
}
