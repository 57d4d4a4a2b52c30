import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { QueryError } from "@/components/query-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { formatDate, formatPast } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import { useDateStyle } from "@/lib/use-date-style";
import { useNow } from "@/lib/use-now";
import { QuotaMeter } from "./quota-meter";
import { SnapshotStrip } from "./snapshot-strip";

/** Twitch's EventSub budget: cost used against the maximum, subscriptions, the last snapshot; "Poll now". */
export function QuotaCard() {
  const { t, i18n } = useTranslation();
  const dateStyle = useDateStyle();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow(30_000);
  const config = useQuery(trpc.eventsub.config.queryOptions());
  const latest = useQuery(trpc.eventsub.latestSnapshot.queryOptions());
  const poll = useMutation(
    trpc.eventsub.snapshot.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.eventsub.pathFilter()),
    }),
  );
  const usesEventSub = config.data?.active.creates_twitch_subscriptions ?? false;
  const snapshot = latest.data?.snapshot ?? null;

  return (
    <Card aria-labelledby="quota-title" data-testid="quota-card">
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
                  <time dateTime={snapshot.fetched_at} title={formatDate(snapshot.fetched_at, dateStyle)}>
                    {formatPast(snapshot.fetched_at, now, dateStyle)}
                  </time>
                </dd>
              </div>
            </dl>
          </>
        )}
        <SnapshotStrip />
      </div>
    </Card>
  );
}
