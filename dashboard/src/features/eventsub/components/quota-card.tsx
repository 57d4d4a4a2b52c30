import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { QueryError } from "@/components/query-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { formatDate, formatPast } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import { useDateStyle } from "@/lib/use-date-style";
import { useNow } from "@/lib/use-now";
import { useQuotaSnapshot } from "../use-quota-snapshot";
import { QuotaMeter } from "./quota-meter";
import { SnapshotStrip } from "./snapshot-strip";

/**
 * Twitch's EventSub budget: cost used against the maximum, subscriptions, the snapshot's time; "Poll now".
 * A snapshot older than the list under it is replaced at once (`useQuotaSnapshot`).
 */
export function QuotaCard() {
  const { t, i18n } = useTranslation();
  const dateStyle = useDateStyle();
  const trpc = useTRPC();
  const now = useNow(30_000);
  const config = useQuery(trpc.eventsub.config.queryOptions());
  const usesEventSub = config.data?.active.creates_twitch_subscriptions ?? false;
  const { latest, snapshot, poll, freshness } = useQuotaSnapshot(usesEventSub);

  return (
    <Card aria-labelledby="quota-title" data-testid="quota-card" data-freshness={freshness}>
      <CardHeader
        id="quota-title"
        title={t("eventsub.quota.title")}
        actions={
          <Button
            onClick={() => poll.mutate()}
            disabled={poll.isPending || !usesEventSub}
            data-testid="poll-now"
            aria-describedby={usesEventSub ? undefined : "poll-now-hint"}
          >
            {poll.isPending ? t("eventsub.quota.polling") : t("eventsub.quota.pollNow")}
          </Button>
        }
      />
      <div className="flex flex-col gap-4 p-4">
        {!usesEventSub && config.data && (
          <p id="poll-now-hint" className="text-xs text-fg-muted">
            {t("eventsub.quota.noEventSub")}
          </p>
        )}
        {poll.error && <Alert tone="danger">{poll.error.message}</Alert>}
        {latest.isError ? (
          <QueryError error={latest.error} retry={() => void latest.refetch()} />
        ) : !snapshot ? (
          <p className="text-sm text-fg-muted">
            {latest.isPending ? t("common.loading") : t("eventsub.quota.none")}
          </p>
        ) : (
          <>
            <QuotaMeter used={snapshot.total_cost} max={snapshot.max_total_cost} />
            <dl className="grid grid-cols-2 gap-3 text-sm">
              <div>
                <dt className="text-xs text-fg-muted">{t("eventsub.quota.subscriptions")}</dt>
                <dd className="font-medium text-fg" data-testid="quota-total">
                  {snapshot.total.toLocaleString(i18n.language)}
                </dd>
              </div>
              <div>
                <dt className="text-xs text-fg-muted">{t("eventsub.quota.lastSnapshot")}</dt>
                <dd className="font-medium text-fg">
                  <time dateTime={snapshot.fetched_at} data-testid="quota-taken-at">
                    {formatPast(snapshot.fetched_at, now, dateStyle)}
                    <span className="block text-xs font-normal text-fg-muted">
                      {t("eventsub.quota.takenAt", { time: formatDate(snapshot.fetched_at, dateStyle) })}
                    </span>
                  </time>
                </dd>
              </div>
            </dl>
            {freshness !== "current" && usesEventSub && (
              <p className="text-xs text-fg-muted" role="status">
                {t(freshness === "refreshing" ? "eventsub.quota.refreshing" : "eventsub.quota.stale")}
              </p>
            )}
          </>
        )}
        <SnapshotStrip />
      </div>
    </Card>
  );
}
