import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { QueryError } from "@/components/query-error";
import { formatBytes, formatDuration } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";

/** Library totals (recordings in progress counted as far as they got) and recordings by status, every 30 s. */
export function StatisticsCards() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const stats = useQuery({ ...trpc.video.statistics.queryOptions(), refetchInterval: 30_000 });

  if (stats.isError) return <QueryError error={stats.error} retry={() => void stats.refetch()} />;
  const s = stats.data;
  const byStatus = (status: string) => s?.by_status.find((b) => b.status === status)?.count ?? 0;
  const tiles: { key: string; label: string; value: string }[] = [
    { key: "recordings", label: t("stats.recordings"), value: s ? String(s.total) : "–" },
    { key: "size", label: t("stats.size"), value: s ? formatBytes(s.total_size, i18n.language) : "–" },
    {
      key: "duration",
      label: t("stats.duration"),
      value: s ? formatDuration(s.total_duration_seconds, i18n.language) : "–",
    },
    { key: "channels", label: t("stats.channels"), value: s ? String(s.channels) : "–" },
    { key: "done", label: t("stats.done"), value: s ? String(byStatus("DONE")) : "–" },
    { key: "running", label: t("stats.running"), value: s ? String(byStatus("RUNNING")) : "–" },
    { key: "failed", label: t("stats.failed"), value: s ? String(byStatus("FAILED")) : "–" },
    { key: "watchLater", label: t("stats.watchLater"), value: s ? String(s.watch_later) : "–" },
  ];

  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-busy={stats.isPending}>
      {tiles.map((tile) => (
        <div
          key={tile.key}
          className="rounded-xl border border-line bg-surface px-4 py-3"
          data-testid={`stat-${tile.key}`}
        >
          <dt className="text-xs text-fg-muted">{tile.label}</dt>
          <dd className="mt-1 text-xl font-semibold tabular-nums text-fg">{tile.value}</dd>
        </div>
      ))}
    </dl>
  );
}
