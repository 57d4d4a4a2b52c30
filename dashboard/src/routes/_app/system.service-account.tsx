import { createFileRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "@/components/page-header";
import { isOwnerSession, RequireRole } from "@/features/auth/components/owner-only";
import { ServiceAccountCard } from "@/features/service-account/components/service-account-card";
import { flowOutcome, parseFlowSearch } from "@/features/service-account/outcome";

export const Route = createFileRoute("/_app/system/service-account")({
  validateSearch: parseFlowSearch,
  loader: ({ context: { queryClient, trpc, session } }) => {
    if (!isOwnerSession(session)) return;
    void queryClient.prefetchQuery(trpc.system.serviceAccount.queryOptions());
  },
  component: () => (
    <RequireRole>
      <ServiceAccountPage />
    </RequireRole>
  ),
});

/** The Twitch account recordings play back as: Turbo without ads, subscriptions' sub-only streams. */
function ServiceAccountPage() {
  const { t } = useTranslation();
  const search = Route.useSearch();
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <PageHeader title={t("serviceAccount.title")} description={t("serviceAccount.description")} />
      <ServiceAccountCard outcome={flowOutcome(search)} />
    </div>
  );
}
