import { useTranslation } from "react-i18next";
import { Badge } from "@/components/ui/badge";
import { type Column, StackedTable } from "@/components/ui/stacked-table";
import { formatDate } from "@/lib/format";
import { logDomain } from "@/lib/server-labels";
import type { RouterOutputs } from "@/lib/trpc";
import { useDateStyle } from "@/lib/use-date-style";
import { useTranslator } from "@/lib/use-translator";
import { eventMessage, messagePieces } from "../event-message";
import { SEVERITY_TONES } from "../log-tones";

type EventLog = RouterOutputs["system"]["eventLogs"]["data"][number];

/** Event-log entries: when, how serious, which part of replayd, what happened. */
export function EventLogTable({ entries }: { entries: readonly EventLog[] }) {
  const { t, i18n } = useTranslation();
  const tr = useTranslator();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const dateStyle = useDateStyle();
  const columns: Column<EventLog>[] = [
    {
      header: t("logs.columns.time"),
      className: "md:whitespace-nowrap",
      cell: (entry) => (
        <time dateTime={entry.created_at} className="text-xs">
          {formatDate(entry.created_at, dateStyle)}
        </time>
      ),
    },
    {
      header: t("logs.columns.severity"),
      cell: (entry) => (
        <Badge tone={SEVERITY_TONES[entry.severity]}>{t(`logs.severities.${entry.severity}`)}</Badge>
      ),
    },
    {
      header: t("logs.columns.domain"),
      cell: (entry) => (
        <>
          <span className="text-xs">{logDomain(tr, entry.domain)}</span>
          <code className="block text-xs text-fg-muted">{entry.event_type}</code>
        </>
      ),
    },
    {
      header: t("logs.columns.message"),
      // In the page's language from the entry's type and data; the server's own words (English: the
      // stored message when the entry cannot be worded, an error's text quoted in it) marked so for
      // screen readers.
      cell: (entry) =>
        messagePieces(eventMessage(entry, tr, language)).map((piece, i) =>
          piece.lang === language ? (
            piece.text
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one sentence, in order, never moved.
            <span key={i} lang={piece.lang}>
              {piece.text}
            </span>
          ),
        ),
    },
  ];
  return (
    <StackedTable
      inCard
      caption={t("logs.sources.events")}
      columns={columns}
      rows={entries}
      rowKey={(entry) => entry.id}
      rowProps={(entry) => ({ "data-testid": "event-log-row", "data-severity": entry.severity })}
    />
  );
}
