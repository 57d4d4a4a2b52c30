import { createFileRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "@/components/page-header";
import { isOwnerSession, RequireRole } from "@/features/auth/components/owner-only";
import { DeliveriesCard } from "@/features/webhook/components/deliveries-card";
import { WebhookConfigCard } from "@/features/webhook/components/webhook-config-card";

export const Route = createFileRoute("/_app/system/webhook")({
  loader: ({ context: { queryClient, trpc, session } }) => {
    if (!isOwnerSession(session)) return;
    void queryClient.prefetchQuery(trpc.recordingWebhook.config.queryOptions());
    void queryClient.prefetchQuery(trpc.recordingWebhook.deliveries.queryOptions());
  },
  component: () => (
    <RequireRole>
      <WebhookPage />
    </RequireRole>
  ),
});

/** The signed recording webhook: where it posts, its secret, a test send, and what was delivered. */
function WebhookPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("webhook.title")} description={t("webhook.description")} />
      <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <WebhookConfigCard />
        <DeliveriesCard />
      </div>
    </>
  );
}
