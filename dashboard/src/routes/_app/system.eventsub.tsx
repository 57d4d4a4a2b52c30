import { createFileRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "@/components/page-header";
import { isOwnerSession, RequireRole } from "@/features/auth/components/owner-only";
import { QuotaCard } from "@/features/eventsub/components/quota-card";
import { SetupCard } from "@/features/eventsub/components/setup-card";
import { SubscriptionsTable } from "@/features/eventsub/components/subscriptions-table";

export const Route = createFileRoute("/_app/system/eventsub")({
  loader: ({ context: { queryClient, trpc, session } }) => {
    if (!isOwnerSession(session)) return;
    void queryClient.prefetchQuery(trpc.eventsub.config.queryOptions());
    void queryClient.prefetchQuery(trpc.eventsub.latestSnapshot.queryOptions());
    void queryClient.prefetchQuery(trpc.eventsub.listSubscriptions.queryOptions({ limit: 50, offset: 0 }));
  },
  component: () => (
    <RequireRole>
      <EventSubPage />
    </RequireRole>
  ),
});

/** Live detection: the server mode, Twitch's EventSub budget and our subscriptions. */
function EventSubPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("eventsub.title")} description={t("eventsub.description")} />
      <div className="flex flex-col gap-6">
        <SetupCard />
        <QuotaCard />
        <SubscriptionsTable />
      </div>
    </>
  );
}
