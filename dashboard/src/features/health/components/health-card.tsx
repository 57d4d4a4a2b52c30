import { useTranslation } from "react-i18next";
import { RefreshIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { formatTimeOfDay } from "@/lib/date-style";
import { useDateStyle } from "@/lib/use-date-style";
import { HEALTH_REFRESH_INTERVAL_MS } from "../api/get-health";
import { useHealth } from "../api/use-health";
import { HealthFacts } from "./health-facts";

/** Server status, version and database state, polled every few seconds. */
export function HealthCard() {
  const { t } = useTranslation();
  const dateStyle = useDateStyle();
  const { view, isFetching, refetch } = useHealth();
  const isDown = view.state === "unhealthy" || view.state === "unreachable";
  const reasons = "health" in view ? (view.health.reasons ?? []) : [];

  return (
    <section
      data-testid="health"
      data-state={view.state}
      aria-labelledby="health-title"
      aria-busy={view.state === "checking"}
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
          <RefreshIcon className={cn("size-4", isFetching && "animate-spin")} />
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
          lang="en"
          data-testid="health-reasons"
          className="mx-5 mt-3 flex list-disc flex-col gap-1 pl-5 text-sm text-fg"
        >
          {/* The server's own words (English): they name the setting to change. */}
          {reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}

      <HealthFacts view={view} />

      {"checkedAt" in view && (
        <footer className="border-t border-line px-5 py-3 text-xs text-fg-muted">
          {t("health.lastChecked", { time: formatTimeOfDay(new Date(view.checkedAt), dateStyle) })}
        </footer>
      )}
    </section>
  );
}
