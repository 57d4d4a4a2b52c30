import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { DataCell, DataHead, DataRow, DataTable } from "@/components/data-table";
import { QueryError } from "@/components/query-error";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { formatDate, formatPast } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import { useNow } from "@/lib/use-now";
import { canRetry, outcomeTone } from "../delivery";

/** How often the log is fetched again while the page is open. */
const REFRESH_MS = 15_000;

/** The latest deliveries (newest first): outcome, attempts, the receiver's answer, and Retry for failures. */
export function DeliveriesCard() {
  const { t, i18n } = useTranslation();
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
  const columns = [
    t("webhook.deliveries.time"),
    t("webhook.deliveries.event"),
    t("webhook.deliveries.outcome"),
    t("webhook.deliveries.attempts"),
    t("webhook.deliveries.response"),
    t("webhook.deliveries.actions"),
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
        <DataTable caption={t("webhook.deliveries.title")}>
          <DataHead columns={columns} />
          <tbody>
            {(deliveries.data ?? []).map((d) => (
              <DataRow key={d.id} data-testid="delivery-row" data-outcome={d.outcome}>
                <DataCell label={columns[0]}>
                  <time dateTime={d.time} title={formatDate(d.time, i18n.language)}>
                    {formatPast(d.time, now, i18n.language)}
                  </time>
                </DataCell>
                <DataCell label={columns[1]}>
                  <code className="text-xs">{d.event}</code>{" "}
                  {d.test && <Badge tone="brand">{t("webhook.deliveries.test")}</Badge>}
                  {d.video_id !== null && (
                    <span className="text-xs text-fg-muted">
                      {" "}
                      {t("webhook.deliveries.video", { id: d.video_id })}
                    </span>
                  )}
                </DataCell>
                <DataCell label={columns[2]}>
                  <Badge tone={outcomeTone(d.outcome)}>{t(`webhook.outcomes.${d.outcome}`)}</Badge>
                </DataCell>
                <DataCell label={columns[3]}>{d.attempts}</DataCell>
                <DataCell label={columns[4]}>
                  <span className="whitespace-nowrap">{d.status !== null ? `HTTP ${d.status}` : "–"}</span>
                  {d.error && <span className="block text-xs text-fg-muted">{d.error}</span>}
                </DataCell>
                <DataCell label={columns[5]} className="sm:whitespace-nowrap sm:text-right">
                  {canRetry(d.outcome) && (
                    <Button
                      onClick={() => retry.mutate({ id: d.id })}
                      disabled={retry.isPending}
                      aria-label={t("webhook.deliveries.retryFor", { event: d.event, id: d.id })}
                    >
                      {t("webhook.deliveries.retry")}
                    </Button>
                  )}
                </DataCell>
              </DataRow>
            ))}
          </tbody>
        </DataTable>
      )}
    </Card>
  );
}
