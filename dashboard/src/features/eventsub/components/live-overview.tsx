import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { SummaryCard } from "@/components/summary-card";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { useTRPC } from "@/lib/trpc";
import { type SetupSummary, setupSummary } from "../setup";

const SUMMARY_TONES: Record<SetupSummary, BadgeTone> = {
  setup_required: "warning",
  restart_required: "warning",
  active: "success",
  off: "neutral",
};

/** System overview: how this server learns that channels go live, and whether that needs the owner. */
export function LiveOverview() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const config = useQuery(trpc.eventsub.config.queryOptions());
  return (
    <SummaryCard title={t("system.nav.eventsub")} to="/system/eventsub" testId="overview-live" query={config}>
      {(data) => {
        const summary = setupSummary(data);
        const mode = data.active.mode;
        return (
          <>
            <p className="flex flex-wrap items-center gap-2">
              <Badge tone={SUMMARY_TONES[summary]}>{t(`eventsub.summary.${summary}`)}</Badge>
            </p>
            <p data-testid="overview-live-mode" data-mode={mode ?? "none"}>
              <span className="text-fg-muted">{t("system.overview.live.mode")} </span>
              <span className="font-medium text-fg">
                {mode ? t(`eventsub.modes.${mode}.title`) : t("eventsub.setup.none")}
              </span>
            </p>
            {mode && <p className="text-fg-muted">{t(`eventsub.modes.${mode}.description`)}</p>}
          </>
        );
      }}
    </SummaryCard>
  );
}
