import { useQuery } from "@tanstack/react-query";
import { createFileRoute, Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { SYSTEM_NAV_ITEMS } from "@/components/layout/nav-items";
import { PageHeader } from "@/components/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { isOwnerSession, RequireRole } from "@/features/auth/components/owner-only";
import { LiveOverview } from "@/features/eventsub/components/live-overview";
import { QuotaOverview } from "@/features/eventsub/components/quota-overview";
import { HealthOverview } from "@/features/health/components/health-overview";
import { StorageOverview } from "@/features/health/components/storage-overview";
import { TasksOverview } from "@/features/tasks/components/tasks-overview";
import { useTRPC } from "@/lib/trpc";

export const Route = createFileRoute("/_app/system/")({
  loader: ({ context: { queryClient, trpc, session } }) => {
    if (!isOwnerSession(session)) return;
    void queryClient.prefetchQuery(trpc.system.health.queryOptions());
    void queryClient.prefetchQuery(trpc.eventsub.config.queryOptions());
    void queryClient.prefetchQuery(trpc.eventsub.latestSnapshot.queryOptions());
    void queryClient.prefetchQuery(trpc.task.list.queryOptions());
    void queryClient.prefetchQuery(trpc.video.statistics.queryOptions());
  },
  component: () => (
    <RequireRole>
      <SystemOverviewPage />
    </RequireRole>
  ),
});

/** The owner's System section at a glance: each part's state, and a way to every System page. */
function SystemOverviewPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const stats = useQuery({ ...trpc.video.statistics.queryOptions(), refetchInterval: 30_000 });
  return (
    <>
      <PageHeader title={t("system.overview.title")} description={t("system.overview.description")} />
      <div className="grid gap-6 lg:grid-cols-2">
        <HealthOverview />
        <StorageOverview libraryBytes={stats.data?.total_size ?? null} />
        <LiveOverview />
        <QuotaOverview />
        <TasksOverview />
        <SystemPages />
      </div>
    </>
  );
}

/** Every System page, with what it is for. */
function SystemPages() {
  const { t } = useTranslation();
  return (
    <Card data-testid="overview-pages">
      <CardHeader title={t("system.overview.pages")} />
      <ul className="divide-y divide-line">
        {SYSTEM_NAV_ITEMS.filter((item) => item.to !== "/system").map(
          ({ to, labelKey, descriptionKey, icon: Icon }) => (
            <li key={to}>
              <Link to={to} className="flex gap-3 px-4 py-3 hover:bg-surface-muted">
                <Icon className="mt-0.5 size-5 shrink-0 text-fg-muted" />
                <span className="flex flex-col">
                  <span className="text-sm font-medium text-fg">{t(labelKey)}</span>
                  <span className="text-xs text-fg-muted">{t(descriptionKey)}</span>
                </span>
              </Link>
            </li>
          ),
        )}
      </ul>
    </Card>
  );
}
