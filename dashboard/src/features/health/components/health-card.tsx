import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { HEALTH_REFRESH_INTERVAL_MS } from "../api/get-health";
import { type HealthView, useHealth } from "../api/use-health";
import { StatusPill, type StatusTone } from "./status-pill";

const statusTone: Record<HealthView["state"], StatusTone> = {
  checking: "neutral",
  ok: "success",
  degraded: "warning",
  unhealthy: "danger",
  unreachable: "danger",
};

/** Server status, version and database state, polled every few seconds. */
export function HealthCard() {
  const { t, i18n } = useTranslation();
  const { view, isFetching, refetch } = useHealth();
  const isChecking = view.state === "checking";
  const isDown = view.state === "unhealthy" || view.state === "unreachable";
  const reasons = "health" in view ? (view.health.reasons ?? []) : [];

  return (
    <section
      data-testid="health"
      data-state={view.state}
      aria-labelledby="health-title"
      aria-busy={isChecking}
      className="rounded-xl border border-line bg-surface shadow-sm"
    >
      <header className="flex items-start justify-between gap-4 px-5 pt-5">
        <div>
          <h2 id="health-title" className="text-base font-semibold text-fg">
            {t("health.title")}
          </h2>
          <p className="mt-0.5 text-sm text-fg-muted">
            {t("health.refreshHint", { seconds: HEALTH_REFRESH_INTERVAL_MS / 1000 })}
          </p>
        </div>
        <Button onClick={() => void refetch()}>
          <RefreshIcon spinning={isFetching} />
          {t("health.checkNow")}
        </Button>
      </header>

      <p
        role={isDown ? "alert" : "status"}
        className={`mx-5 mt-4 rounded-lg px-3 py-2 text-sm ${isDown ? "bg-danger-soft text-danger" : "bg-surface-muted text-fg-muted"}`}
      >
        {view.state === "checking" ? t("health.checking") : t(`health.summary.${view.state}`)}
      </p>
      {reasons.length > 0 && (
        <ul
          data-testid="health-reasons"
          className="mx-5 mt-3 flex list-disc flex-col gap-1 pl-5 text-sm text-fg"
        >
          {/* The server's own words (English): they name the setting to change. */}
          {reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}

      <dl className="grid grid-cols-1 gap-4 px-5 py-5 sm:grid-cols-3">
        <Field label={t("health.labels.status")} loading={isChecking}>
          {/* The raw server value, never translated: scripts and tests match on it. */}
          <StatusPill tone={statusTone[view.state]} testId="health-status">
            {view.state}
          </StatusPill>
        </Field>
        <Field label={t("health.labels.version")} loading={isChecking}>
          {"health" in view ? (
            <span data-testid="health-version" className="font-mono text-sm text-fg">
              {view.health.version}
            </span>
          ) : (
            <Unknown testId="health-version" />
          )}
        </Field>
        <Field label={t("health.labels.database")} loading={isChecking}>
          {"health" in view ? (
            <StatusPill tone={view.health.database === "ok" ? "success" : "danger"} testId="health-database">
              {view.health.database}
            </StatusPill>
          ) : (
            <Unknown testId="health-database" />
          )}
        </Field>
      </dl>

      {"checkedAt" in view && (
        <footer className="border-t border-line px-5 py-3 text-xs text-fg-muted">
          {t("health.lastChecked", { time: new Date(view.checkedAt).toLocaleTimeString(i18n.language) })}
        </footer>
      )}
    </section>
  );
}

/** One labelled value; shows a placeholder bar until the first answer arrives. */
function Field({ label, loading, children }: { label: string; loading: boolean; children: ReactNode }) {
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

function RefreshIcon({ spinning }: { spinning: boolean }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.75"
      className={`size-4 ${spinning ? "animate-spin" : ""}`}
    >
      <path d="M16.5 10a6.5 6.5 0 1 1-1.9-4.6M16.5 3.5v3.5H13" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
