import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { SummaryCard } from "@/components/summary-card";
import { formatDate } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import { useDateStyle } from "@/lib/use-date-style";
import { useQuotaSnapshot } from "../use-quota-snapshot";
import { QuotaMeter } from "./quota-meter";

/** System overview: Twitch's EventSub budget from the latest snapshot (kept in step with the subscriptions). */
export function QuotaOverview() {
  const { t } = useTranslation();
  const dateStyle = useDateStyle();
  const trpc = useTRPC();
  const config = useQuery(trpc.eventsub.config.queryOptions());
  const usesEventSub = config.data?.active.creates_twitch_subscriptions ?? false;
  const { latest } = useQuotaSnapshot(usesEventSub);
  return (
    <SummaryCard
      title={t("eventsub.quota.title")}
      to="/system/eventsub"
      testId="overview-quota"
      query={latest}
    >
      {({ snapshot }) =>
        snapshot ? (
          <>
            <QuotaMeter used={snapshot.total_cost} max={snapshot.max_total_cost} />
            <p className="text-fg-muted">
              {t("eventsub.subscriptions.count", { count: snapshot.total })} ·{" "}
              {t("eventsub.quota.takenAt", { time: formatDate(snapshot.fetched_at, dateStyle) })}
            </p>
          </>
        ) : (
          <p className="text-fg-muted">
            {usesEventSub ? t("eventsub.quota.none") : t("eventsub.quota.noEventSub")}
          </p>
        )
      }
    </SummaryCard>
  );
}
