import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { QueryError } from "@/components/query-error";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { type Column, StackedTable } from "@/components/ui/stacked-table";
import { canRetry, outcomeTone } from "@/lib/delivery-outcome";
import { formatDate, formatPast } from "@/lib/format";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import { useDateStyle } from "@/lib/use-date-style";
import { useNow } from "@/lib/use-now";

type Delivery = RouterOutputs["notification"]["deliveries"][number];

/** How often the log is fetched again while the page is open. */
const REFRESH_MS = 15_000;

/** The latest notifications sent (newest first): target, outcome, attempts, what the service said, Retry. */
export function NotificationDeliveriesCard() {
  const { t } = useTranslation();
  const dateStyle = useDateStyle();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow(30_000);
  const deliveries = useQuery({
    ...trpc.notification.deliveries.queryOptions(),
    refetchInterval: REFRESH_MS,
  });
  const retry = useMutation(
    trpc.notification.retryDelivery.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.notification.deliveries.pathFilter()),
    }),
  );
  const columns: Column<Delivery>[] = [
    {
      header: t("notifications.deliveries.time"),
      cell: (d) => (
        <time dateTime={d.time} title={formatDate(d.time, dateStyle)}>
          {formatPast(d.time, now, dateStyle)}
        </time>
      ),
    },
    { header: t("notifications.deliveries.target"), cell: (d) => d.target_name },
    {
      header: t("notifications.deliveries.event"),
      cell: (d) => (
        <>
          {t(`notifications.events.${d.event}`)}
          <span className="block text-xs text-fg-muted">{d.title}</span>
        </>
      ),
    },
    {
      header: t("notifications.deliveries.outcome"),
      cell: (d) => <Badge tone={outcomeTone(d.outcome)}>{t(`notifications.outcomes.${d.outcome}`)}</Badge>,
    },
    { header: t("notifications.deliveries.attempts"), cell: (d) => d.attempts },
    {
      header: t("notifications.deliveries.response"),
      cell: (d) => (
        <>
          <span className="whitespace-nowrap">{d.status !== null ? `HTTP ${d.status}` : "–"}</span>
          {d.error && (
            <span lang="en" className="block text-xs text-fg-muted">
              {d.error}
            </span>
          )}
        </>
      ),
    },
    {
      header: t("notifications.deliveries.actions"),
      actions: true,
      cell: (d) =>
        canRetry(d.outcome) && (
          <Button
            onClick={() => retry.mutate({ id: d.id })}
            disabled={retry.isPending}
            aria-label={t("notifications.deliveries.retryFor", { id: d.id, target: d.target_name })}
          >
            {t("notifications.deliveries.retry")}
          </Button>
        ),
    },
  ];
  return (
    <Card aria-labelledby="notification-deliveries-title" data-testid="notification-deliveries">
      <CardHeader id="notification-deliveries-title" title={t("notifications.deliveries.title")} />
      {retry.error && (
        <div className="p-4 pb-0">
          <Alert tone="danger">{retry.error.message}</Alert>
        </div>
      )}
      {deliveries.isError ? (
        <div className="p-4">
          <QueryError error={deliveries.error} retry={() => void deliveries.refetch()} />
        </div>
      ) : deliveries.data?.length === 0 ? (
        <p className="p-4 text-sm text-fg-muted">{t("notifications.deliveries.empty")}</p>
      ) : (
        <StackedTable
          inCard
          caption={t("notifications.deliveries.title")}
          columns={columns}
          rows={deliveries.data ?? []}
          rowKey={(d) => d.id}
          rowProps={(d) => ({ "data-testid": "notification-delivery-row", "data-outcome": d.outcome })}
        />
      )}
    </Card>
  );
}
