import { useTranslation } from "react-i18next";
import { Badge } from "@/components/ui/badge";
import { type Column, StackedTable } from "@/components/ui/stacked-table";
import { formatDate } from "@/lib/format";
import type { RouterOutputs } from "@/lib/trpc";
import { useDateStyle } from "@/lib/use-date-style";
import { httpStatusTone } from "../log-tones";

type FetchLog = RouterOutputs["system"]["fetchLogs"]["data"][number];

/** Calls replayd made to Twitch's API: which, for whom, the answer and how long it took. */
export function FetchLogTable({ entries }: { entries: readonly FetchLog[] }) {
  const { t } = useTranslation();
  const dateStyle = useDateStyle();
  const columns: Column<FetchLog>[] = [
    {
      header: t("logs.columns.time"),
      className: "md:whitespace-nowrap",
      cell: (entry) => (
        <time dateTime={entry.fetched_at} className="text-xs">
          {formatDate(entry.fetched_at, dateStyle)}
        </time>
      ),
    },
    {
      header: t("logs.columns.call"),
      cell: (entry) => (
        <>
          <code className="text-xs">{entry.fetch_type}</code>
          {entry.error && (
            <span lang="en" className="block text-xs text-danger">
              {entry.error}
            </span>
          )}
        </>
      ),
    },
    { header: t("logs.columns.channel"), cell: (entry) => entry.broadcaster_id ?? "–" },
    {
      header: t("logs.columns.status"),
      cell: (entry) => (
        <Badge tone={httpStatusTone(entry.status)}>
          {entry.status === 0 ? t("logs.noAnswer") : entry.status}
        </Badge>
      ),
    },
    { header: t("logs.columns.duration"), cell: (entry) => `${Math.round(entry.duration_ms)} ms` },
  ];
  return (
    <StackedTable
      inCard
      caption={t("logs.sources.api")}
      columns={columns}
      rows={entries}
      rowKey={(entry) => entry.id}
      rowProps={() => ({ "data-testid": "fetch-log-row" })}
    />
  );
}
