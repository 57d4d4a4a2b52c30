import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { SummaryCard } from "@/components/summary-card";
import { Badge } from "@/components/ui/badge";
import { useTRPC } from "@/lib/trpc";
import { taskSummary } from "../task-status";

/** System overview: how the maintenance tasks stand (failed last time, running, paused). */
export function TasksOverview() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const tasks = useQuery({ ...trpc.task.list.queryOptions(), refetchInterval: 30_000 });
  return (
    <SummaryCard title={t("system.nav.tasks")} to="/system/tasks" testId="overview-tasks" query={tasks}>
      {({ data }) => {
        const summary = taskSummary(data);
        const healthy = summary.failed.length === 0;
        return (
          <>
            <p className="flex flex-wrap items-center gap-2">
              <Badge tone={healthy ? "success" : "danger"}>
                {healthy ? t("system.overview.tasks.ok") : t("system.overview.tasks.failing")}
              </Badge>
              <span className="text-fg-muted">
                {t("system.overview.tasks.count", { count: summary.total })}
              </span>
            </p>
            {summary.failed.length > 0 && (
              <p data-testid="overview-tasks-failed">
                {t("system.overview.tasks.failed")}{" "}
                <code className="text-xs">{summary.failed.join(", ")}</code>
              </p>
            )}
            {summary.running.length > 0 && (
              <p>
                {t("system.overview.tasks.running")}{" "}
                <code className="text-xs">{summary.running.join(", ")}</code>
              </p>
            )}
            {summary.paused > 0 && (
              <p className="text-fg-muted">{t("system.overview.tasks.paused", { count: summary.paused })}</p>
            )}
          </>
        );
      }}
    </SummaryCard>
  );
}
