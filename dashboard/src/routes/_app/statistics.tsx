import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { createFileRoute, useNavigate } from "@tanstack/react-router";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { LabelledSelect } from "@/components/labelled-select";
import { PageHeader } from "@/components/page-header";
import { QueryResult } from "@/components/query-result";
import { Card, CardHeader } from "@/components/ui/card";
import { BreakdownCards } from "@/features/stats/components/breakdown-cards";
import { OverTimeChart } from "@/features/stats/components/over-time-chart";
import { StatisticsCards } from "@/features/stats/components/statistics-cards";
import {
  bucketBoundaries,
  METRICS,
  PERIODS,
  parseStatsSearch,
  type StatsSearch,
} from "@/features/stats/time-buckets";
import { useTRPC } from "@/lib/trpc";

export const Route = createFileRoute("/_app/statistics")({
  validateSearch: parseStatsSearch,
  component: StatisticsPage,
});

/** The library in figures: totals, recordings over time, the channels and categories that take the most. */
function StatisticsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const search = Route.useSearch();
  const navigate = useNavigate({ from: "/statistics" });
  const period = search.period ?? "week";
  const metric = search.metric ?? "duration";
  // Recomputed when the period changes, not on every render (the query key must stay put).
  const boundaries = useMemo(() => bucketBoundaries(period, new Date()), [period]);
  const overTime = useQuery({
    ...trpc.video.statisticsOverTime.queryOptions({ boundaries }),
    placeholderData: keepPreviousData,
  });
  const breakdown = useQuery(trpc.video.statisticsBreakdown.queryOptions({ limit: 10 }));
  const stats = useQuery(trpc.video.statistics.queryOptions());
  const total = {
    count: stats.data?.total ?? 0,
    size_bytes: stats.data?.total_size ?? 0,
    duration_seconds: stats.data?.total_duration_seconds ?? 0,
  };
  const update = (patch: Partial<StatsSearch>) =>
    void navigate({ search: (previous) => parseStatsSearch({ ...previous, ...patch }), replace: true });

  return (
    <>
      <PageHeader
        title={t("statistics.title")}
        description={t("statistics.description")}
        actions={
          <>
            <LabelledSelect
              label={t("statistics.period")}
              value={period}
              options={PERIODS}
              optionLabel={(p) => t(`statistics.periods.${p}`)}
              onChange={(p) => update({ period: p })}
            />
            <LabelledSelect
              label={t("statistics.metric")}
              value={metric}
              options={METRICS}
              optionLabel={(m) => t(`statistics.metrics.${m}`)}
              onChange={(m) => update({ metric: m })}
            />
          </>
        }
      />
      <div className="flex flex-col gap-6">
        <StatisticsCards />
        <Card aria-labelledby="over-time-title">
          <CardHeader id="over-time-title" title={t(`statistics.overTime.title.${period}`)} />
          <div className="px-4 py-3">
            <QueryResult query={overTime}>
              {(buckets) => <OverTimeChart buckets={buckets} period={period} metric={metric} />}
            </QueryResult>
          </div>
        </Card>
        <QueryResult query={breakdown}>
          {(b) => <BreakdownCards breakdown={b} total={total} metric={metric} />}
        </QueryResult>
      </div>
    </>
  );
}
