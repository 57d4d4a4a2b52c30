import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { healthStatus } from "@/lib/server-labels";
import { useTranslator } from "@/lib/use-translator";
import type { HealthView } from "../api/use-health";
import { StatusPill, type StatusTone } from "./status-pill";

const statusTone: Record<HealthView["state"], StatusTone> = {
  checking: "neutral",
  ok: "success",
  degraded: "warning",
  unhealthy: "danger",
  unreachable: "danger",
};

/** The health card's three facts: status, version, database; placeholders until the first answer. */
export function HealthFacts({ view }: { view: HealthView }) {
  const { t } = useTranslation();
  const tr = useTranslator();
  const loading = view.state === "checking";
  return (
    <dl className="grid grid-cols-1 gap-4 px-5 py-5 sm:grid-cols-3">
      <Fact label={t("health.labels.status")} loading={loading}>
        {/* In words; the raw value is the card's data-state, for scripts and tests. */}
        <StatusPill tone={statusTone[view.state]} testId="health-status">
          {healthStatus(tr, view.state)}
        </StatusPill>
      </Fact>
      <Fact label={t("health.labels.version")} loading={loading}>
        {"health" in view ? (
          <span data-testid="health-version" className="font-mono text-sm text-fg">
            {view.health.version}
          </span>
        ) : (
          <Unknown testId="health-version" />
        )}
      </Fact>
      <Fact label={t("health.labels.database")} loading={loading}>
        {"health" in view ? (
          <StatusPill tone={view.health.database === "ok" ? "success" : "danger"} testId="health-database">
            {healthStatus(tr, view.health.database)}
          </StatusPill>
        ) : (
          <Unknown testId="health-database" />
        )}
      </Fact>
    </dl>
  );
}

/** One labelled value; shows a placeholder bar until the first answer arrives. */
function Fact({ label, loading, children }: { label: string; loading: boolean; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1.5">
      <dt className="text-xs font-medium uppercase tracking-wide text-fg-muted">{label}</dt>
      <dd className="flex min-h-6 items-center">
        {loading ? <span className="h-4 w-16 animate-pulse rounded bg-surface-muted" /> : children}
      </dd>
    </div>
  );
}

/** Stands in for a value the server could not tell us. */
function Unknown({ testId }: { testId: string }) {
  return (
    <span data-testid={testId} className="text-sm text-fg-muted">
      —
    </span>
  );
}
