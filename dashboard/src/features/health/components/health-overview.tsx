import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { SummaryCard } from "@/components/summary-card";
import { healthStatus } from "@/lib/server-labels";
import { useTRPC } from "@/lib/trpc";
import { useTranslator } from "@/lib/use-translator";
import { HEALTH_REFRESH_INTERVAL_MS } from "../api/get-health";
import { healthIssues } from "../health-issues";
import { StatusPill, type StatusTone } from "./status-pill";

const statusTone: Record<string, StatusTone> = { ok: "success", degraded: "warning", unhealthy: "danger" };

/** System overview: the server's health in one line, and what is wrong when something is. */
export function HealthOverview() {
  const { t } = useTranslation();
  const tr = useTranslator();
  const trpc = useTRPC();
  const report = useQuery({
    ...trpc.system.health.queryOptions(),
    refetchInterval: HEALTH_REFRESH_INTERVAL_MS,
  });
  return (
    <SummaryCard title={t("system.nav.health")} to="/system/health" testId="overview-health" query={report}>
      {(data) => {
        const issues = healthIssues(data);
        return (
          <>
            <p data-status={data.status} data-testid="overview-health-status">
              <StatusPill tone={statusTone[data.status] ?? "neutral"}>
                {healthStatus(tr, data.status)}
              </StatusPill>
            </p>
            {issues.length === 0 ? (
              <p className="text-fg-muted">{t("system.overview.health.ok")}</p>
            ) : (
              <ul className="flex list-disc flex-col gap-1 pl-5">
                {issues.map((issue) => (
                  <li key={issue.check} data-check={issue.check}>
                    {t(issue.headlineKey)}
                  </li>
                ))}
              </ul>
            )}
          </>
        );
      }}
    </SummaryCard>
  );
}
