import { useTranslation } from "react-i18next";
import { DataCell, DataHead, DataRow, DataTable } from "@/components/data-table";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { formatDate } from "@/lib/format";
import type { RouterOutputs } from "@/lib/trpc";
import type { LogSeverity } from "../log-query";

type EventLog = RouterOutputs["system"]["eventLogs"]["data"][number];

const SEVERITY_TONES: Record<LogSeverity, BadgeTone> = {
  debug: "neutral",
  info: "brand",
  warn: "warning",
  error: "danger",
};

/** Event-log entries: when, how serious, which part of replayd, what happened. */
export function EventLogTable({ entries }: { entries: readonly EventLog[] }) {
  const { t, i18n } = useTranslation();
  const columns = [
    t("logs.columns.time"),
    t("logs.columns.severity"),
    t("logs.columns.domain"),
    t("logs.columns.message"),
  ];
  return (
    <DataTable caption={t("logs.sources.events")}>
      <DataHead columns={columns} />
      <tbody>
        {entries.map((entry) => (
          <DataRow key={entry.id} data-testid="event-log-row" data-severity={entry.severity}>
            <DataCell label={columns[0]} className="sm:whitespace-nowrap">
              <time dateTime={entry.created_at} className="text-xs">
                {formatDate(entry.created_at, i18n.language)}
              </time>
            </DataCell>
            <DataCell label={columns[1]}>
              <Badge tone={SEVERITY_TONES[entry.severity]}>{t(`logs.severities.${entry.severity}`)}</Badge>
            </DataCell>
            <DataCell label={columns[2]}>
              <span className="text-xs">{entry.domain}</span>
              <span className="block text-xs text-fg-muted">{entry.event_type}</span>
            </DataCell>
            <DataCell label={columns[3]}>{entry.message}</DataCell>
          </DataRow>
        ))}
      </tbody>
    </DataTable>
  );
}
