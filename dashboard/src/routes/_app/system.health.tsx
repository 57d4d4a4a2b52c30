import { createFileRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "@/components/page-header";
import { isOwnerSession, RequireRole } from "@/features/auth/components/owner-only";
import { HealthChecksCard } from "@/features/health/components/health-checks-card";

export const Route = createFileRoute("/_app/system/health")({
  loader: ({ context: { queryClient, trpc, session } }) => {
    if (!isOwnerSession(session)) return;
    void queryClient.prefetchQuery(trpc.system.health.queryOptions());
  },
  component: () => (
    <RequireRole>
      <HealthPage />
    </RequireRole>
  ),
});

/** What replayd needs to record, checked: tools, data folder, free space, database. */
function HealthPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("health.system.title")} description={t("health.system.description")} />
      <HealthChecksCard />
    </>
  );
}
