import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { QueryError } from "@/components/query-error";
import { formatBytes, formatDuration } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";

/** Library totals and recordings by status, refreshed every 30 s. */
export function StatisticsCards() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const stats = useQuery({ ...trpc.video.statistics.queryOptions(), refetchInterval: 30_000 });

  if (stats.isError) return <QueryError error={stats.error} retry={() => void stats.refetch()} />;
  const s = stats.data;
  const byStatus = (status: string) => s?.by_status.find((b) => b.status === status)?.count ?? 0;
  const tiles: { label: string; value: string }[] = [
    { label: t("stats.recordings"), value: s ? String(s.total) : "–" },
    { label: t("stats.size"), value: s ? formatBytes(s.total_size) : "–" },
    { label: t("stats.duration"), value: s ? formatDuration(s.total_duration_seconds) : "–" },
    { label: t("stats.channels"), value: s ? String(s.channels) : "–" },
    { label: t("stats.done"), value: s ? String(byStatus("DONE")) : "–" },
    { label: t("stats.running"), value: s ? String(byStatus("RUNNING")) : "–" },
    { label: t("stats.failed"), value: s ? String(byStatus("FAILED")) : "–" },
    { label: t("stats.watchLater"), value: s ? String(s.watch_later) : "–" },
  ];

  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-busy={stats.isPending}>
      {tiles.map((tile) => (
        <div key={tile.label} className="rounded-xl border border-line bg-surface px-4 py-3">
          <dt className="text-xs text-fg-muted">{tile.label}</dt>
          <dd className="mt-1 text-xl font-semibold tabular-nums text-fg">{tile.value}</dd>
        </div>
      ))}
    </dl>
  );
}
