import { useTranslation } from "react-i18next";
import { QueryError } from "@/components/query-error";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { type Column, StackedTable } from "@/components/ui/stacked-table";
import { canRetry, type DeliveryOutcome, outcomeTone } from "@/lib/delivery-outcome";
import { formatDate, formatPast } from "@/lib/format";
import { useDateStyle } from "@/lib/use-date-style";
import { useNow } from "@/lib/use-now";

/** What every outbox's log row has (the recording webhook's, notifications'). */
export interface DeliveryRow {
  id: number;
  time: string;
  outcome: DeliveryOutcome;
  status: number | null;
  attempts: number;
  error?: string;
}

/**
 * An outbox's delivery log (newest first): when, the page's own columns (what was sent, to whom), outcome,
 * attempts, the receiver's answer, and Retry for those that ended badly. `ns` names the page's strings
 * (`<ns>.deliveries.*`, `<ns>.outcomes.*`).
 */
export function DeliveryLogCard<T extends DeliveryRow>({
  ns,
  testId,
  rowTestId,
  deliveries,
  columns,
  retry,
  retryLabel,
}: {
  ns: "webhook" | "notifications";
  testId: string;
  rowTestId: string;
  /** The log's query (its data, its error and a retry). */
  deliveries: { data?: T[] | undefined; isError: boolean; error: unknown; refetch: () => unknown };
  /** Between the time and the outcome. */
  columns: Column<T>[];
  retry: { mutate: (input: { id: number }) => void; isPending: boolean; error: { message: string } | null };
  retryLabel: (delivery: T) => string;
}) {
  const { t } = useTranslation();
  const dateStyle = useDateStyle();
  const now = useNow(30_000);
  const all: Column<T>[] = [
    {
      header: t(`${ns}.deliveries.time`),
      cell: (d) => (
        <time dateTime={d.time} title={formatDate(d.time, dateStyle)}>
          {formatPast(d.time, now, dateStyle)}
        </time>
      ),
    },
    ...columns,
    {
      header: t(`${ns}.deliveries.outcome`),
      cell: (d) => <Badge tone={outcomeTone(d.outcome)}>{t(`${ns}.outcomes.${d.outcome}`)}</Badge>,
    },
    { header: t(`${ns}.deliveries.attempts`), cell: (d) => d.attempts },
    {
      header: t(`${ns}.deliveries.response`),
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
      header: t(`${ns}.deliveries.actions`),
      actions: true,
      cell: (d) =>
        canRetry(d.outcome) && (
          <Button
            onClick={() => retry.mutate({ id: d.id })}
            disabled={retry.isPending}
            aria-label={retryLabel(d)}
          >
            {t(`${ns}.deliveries.retry`)}
          </Button>
        ),
    },
  ];
  const titleId = `${testId}-title`;
  return (
    <Card aria-labelledby={titleId} data-testid={testId}>
      <CardHeader id={titleId} title={t(`${ns}.deliveries.title`)} />
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
        <p className="p-4 text-sm text-fg-muted">{t(`${ns}.deliveries.empty`)}</p>
      ) : (
        <StackedTable
          inCard
          caption={t(`${ns}.deliveries.title`)}
          columns={all}
          rows={deliveries.data ?? []}
          rowKey={(d) => d.id}
          rowProps={(d) => ({ "data-testid": rowTestId, "data-outcome": d.outcome })}
        />
      )}
    </Card>
  );
}
