import { useTranslation } from "react-i18next";
import { DataCell, DataHead, DataRow, DataTable } from "@/components/data-table";
import { Badge } from "@/components/ui/badge";
import { formatDate } from "@/lib/format";
import type { RouterOutputs } from "@/lib/trpc";

type FetchLog = RouterOutputs["system"]["fetchLogs"]["data"][number];

/** Calls replayd made to Twitch's API: which, for whom, the answer and how long it took. */
export function FetchLogTable({ entries }: { entries: readonly FetchLog[] }) {
  const { t, i18n } = useTranslation();
  const columns = [
    t("logs.columns.time"),
    t("logs.columns.call"),
    t("logs.columns.channel"),
    t("logs.columns.status"),
    t("logs.columns.duration"),
  ];
  return (
    <DataTable caption={t("logs.sources.api")}>
      <DataHead columns={columns} />
      <tbody>
        {entries.map((entry) => (
          <DataRow key={entry.id} data-testid="fetch-log-row">
            <DataCell label={columns[0]} className="sm:whitespace-nowrap">
              <time dateTime={entry.fetched_at} className="text-xs">
                {formatDate(entry.fetched_at, i18n.language)}
              </time>
            </DataCell>
            <DataCell label={columns[1]}>
              <code className="text-xs">{entry.fetch_type}</code>
              {entry.error && <span className="block text-xs text-danger">{entry.error}</span>}
            </DataCell>
            <DataCell label={columns[2]}>{entry.broadcaster_id ?? "–"}</DataCell>
            <DataCell label={columns[3]}>
              <Badge
                tone={
                  entry.status >= 200 && entry.status < 300
                    ? "success"
                    : entry.status >= 500 || entry.status === 0
                      ? "danger"
                      : "warning"
                }
              >
                {entry.status === 0 ? t("logs.noAnswer") : entry.status}
              </Badge>
            </DataCell>
            <DataCell label={columns[4]}>{`${Math.round(entry.duration_ms)} ms`}</DataCell>
          </DataRow>
        ))}
      </tbody>
    </DataTable>
  );
}
