import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { QueryResult } from "@/components/query-result";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { healthStatus } from "@/lib/server-labels";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import { useTranslator } from "@/lib/use-translator";
import { CHECK_NAMES, HEALTH_REFRESH_INTERVAL_MS } from "../api/get-health";
import { CheckRow } from "./check-row";
import { StatusPill, type StatusTone } from "./status-pill";

type Report = RouterOutputs["system"]["health"];

const statusTone: Record<Report["status"], StatusTone> = {
  ok: "success",
  degraded: "warning",
  unhealthy: "danger",
};

/** The owner's view of every check: state, the server's detail (paths included), versions, disk figures. */
export function HealthChecksCard() {
  const { t } = useTranslation();
  const tr = useTranslator();
  const trpc = useTRPC();
  const report = useQuery({
    ...trpc.system.health.queryOptions(),
    refetchInterval: HEALTH_REFRESH_INTERVAL_MS,
  });

  return (
    <QueryResult query={report}>
      {(data) => (
        <Card data-testid="health-checks" data-status={data.status}>
          <CardHeader
            title={
              <span className="flex items-center gap-2">
                {t("health.system.checks")}
                <StatusPill tone={statusTone[data.status]} testId="health-checks-status">
                  {healthStatus(tr, data.status)}
                </StatusPill>
              </span>
            }
            actions={
              <Button onClick={() => void report.refetch()} disabled={report.isFetching}>
                {t("health.checkNow")}
              </Button>
            }
          />
          <ul className="divide-y divide-line">
            {CHECK_NAMES.map((name) => {
              const check = data.checks[name];
              return check ? <CheckRow key={name} name={name} check={check} /> : null;
            })}
          </ul>
        </Card>
      )}
    </QueryResult>
  );
}
