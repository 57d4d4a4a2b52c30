import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { QueryError } from "@/components/query-error";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { type Column, StackedTable } from "@/components/ui/stacked-table";
import { formatDate, formatPast } from "@/lib/format";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import { useDateStyle } from "@/lib/use-date-style";
import { useNow } from "@/lib/use-now";
import { canRetry, outcomeTone } from "../delivery";

type Delivery = RouterOutputs["recordingWebhook"]["deliveries"][number];

/** How often the log is fetched again while the page is open. */
const REFRESH_MS = 15_000;

/** The latest deliveries (newest first): outcome, attempts, the receiver's answer, and Retry for failures. */
export function DeliveriesCard() {
  const { t } = useTranslation();
  const dateStyle = useDateStyle();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow(30_000);
  const deliveries = useQuery({
    ...trpc.recordingWebhook.deliveries.queryOptions(),
    refetchInterval: REFRESH_MS,
  });
  const retry = useMutation(
    trpc.recordingWebhook.retryDelivery.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.recordingWebhook.deliveries.pathFilter()),
    }),
  );
  const columns: Column<Delivery>[] = [
    {
      header: t("webhook.deliveries.time"),
      cell: (d) => (
        <time dateTime={d.time} title={formatDate(d.time, dateStyle)}>
          {formatPast(d.time, now, dateStyle)}
        </time>
      ),
    },
    {
      header: t("webhook.deliveries.event"),
      cell: (d) => (
        <>
          <code className="text-xs">{d.event}</code>{" "}
          {d.test && <Badge tone="brand">{t("webhook.deliveries.test")}</Badge>}
          {d.video_id !== null && (
            <span className="text-xs text-fg-muted">
              {" "}
              {t("webhook.deliveries.video", { id: d.video_id })}
            </span>
          )}
        </>
      ),
    },
    {
      header: t("webhook.deliveries.outcome"),
      cell: (d) => <Badge tone={outcomeTone(d.outcome)}>{t(`webhook.outcomes.${d.outcome}`)}</Badge>,
    },
    { header: t("webhook.deliveries.attempts"), cell: (d) => d.attempts },
    {
      header: t("webhook.deliveries.response"),
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
      header: t("webhook.deliveries.actions"),
      actions: true,
      cell: (d) =>
        canRetry(d.outcome) && (
          <Button
            onClick={() => retry.mutate({ id: d.id })}
            disabled={retry.isPending}
            aria-label={t("webhook.deliveries.retryFor", { event: d.event, id: d.id })}
          >
            {t("webhook.deliveries.retry")}
          </Button>
        ),
    },
  ];

  return (
    <Card aria-labelledby="deliveries-title" data-testid="webhook-deliveries">
      <CardHeader id="deliveries-title" title={t("webhook.deliveries.title")} />
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
        <p className="p-4 text-sm text-fg-muted">{t("webhook.deliveries.empty")}</p>
      ) : (
        <StackedTable
          inCard
          caption={t("webhook.deliveries.title")}
          columns={columns}
          rows={deliveries.data ?? []}
          rowKey={(d) => d.id}
          rowProps={(d) => ({ "data-testid": "delivery-row", "data-outcome": d.outcome })}
        />
      )}
    </Card>
  );
}
