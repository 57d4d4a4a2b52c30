import { createFileRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "@/components/page-header";
import { useHasRole } from "@/features/auth/use-session";
import { RunningDownloads } from "@/features/downloads/components/running-downloads";
import { SetupNudge } from "@/features/eventsub/components/setup-nudge";
import { healthQueryOptions } from "@/features/health/api/get-health";
import { HealthCard } from "@/features/health/components/health-card";
import { LiveChannelsCard } from "@/features/live/components/live-channels-card";
import { LiveEventsCard } from "@/features/live/components/live-events-card";
import { MySchedulesCard } from "@/features/schedules/components/my-schedules-card";
import { StatisticsCards } from "@/features/stats/components/statistics-cards";

export const Route = createFileRoute("/_app/")({
  loader: ({ context: { queryClient, trpc } }) => {
    // Fire and forget: requests overlap loading the route's code; each card has its own loading state.
    void queryClient.prefetchQuery(trpc.video.statistics.queryOptions());
    void queryClient.prefetchQuery(trpc.channel.listFollowed.queryOptions());
    void queryClient.prefetchQuery(trpc.schedule.mine.queryOptions());
    void queryClient.prefetchQuery(healthQueryOptions);
  },
  component: HomePage,
});

function HomePage() {
  const { t } = useTranslation();
  const isOwner = useHasRole("owner");

  return (
    <>
      <PageHeader title={t("home.title")} description={t("home.description")} />
      <div className="flex flex-col gap-6">
        {isOwner && <SetupNudge />}
        <StatisticsCards />
        <div className="grid gap-6 lg:grid-cols-2">
          <LiveChannelsCard />
          <RunningDownloads limit={3} />
        </div>
        <div className="grid gap-6 lg:grid-cols-2">
          <LiveEventsCard />
          <MySchedulesCard />
          <HealthCard />
        </div>
      </div>
    </>
  );
}
