import { createFileRoute } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { isOwnerSession, RequireRole } from "@/features/auth/components/owner-only";
import { NotificationDeliveriesCard } from "@/features/notifications/components/deliveries-card";
import { TargetEditor } from "@/features/notifications/components/target-editor";
import { TargetsCard } from "@/features/notifications/components/targets-card";
import type { TargetView } from "@/features/notifications/target-form";

export const Route = createFileRoute("/_app/system/notifications")({
  loader: ({ context: { queryClient, trpc, session } }) => {
    if (!isOwnerSession(session)) return;
    void queryClient.prefetchQuery(trpc.notification.targets.queryOptions());
    void queryClient.prefetchQuery(trpc.notification.deliveries.queryOptions());
  },
  component: () => (
    <RequireRole>
      <NotificationsPage />
    </RequireRole>
  ),
});

/** Where notifications go (Discord, ntfy, Telegram, Gotify, a JSON webhook), their messages, and what was sent. */
function NotificationsPage() {
  const { t } = useTranslation();
  // null: no editor; "new": a new target; else the target being edited.
  const [editing, setEditing] = useState<TargetView | "new" | null>(null);
  return (
    <>
      <PageHeader
        title={t("notifications.title")}
        description={t("notifications.description")}
        actions={
          <Button variant="primary" onClick={() => setEditing("new")} data-testid="target-add">
            {t("notifications.targets.add")}
          </Button>
        }
      />
      <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <div className="flex min-w-0 flex-col gap-6">
          {editing !== null && (
            <TargetEditor
              key={editing === "new" ? "new" : editing.id}
              target={editing === "new" ? null : editing}
              onClose={() => setEditing(null)}
            />
          )}
          <TargetsCard onEdit={setEditing} />
        </div>
        <NotificationDeliveriesCard />
      </div>
    </>
  );
}
