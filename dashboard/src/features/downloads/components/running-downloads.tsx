import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { QueryError } from "@/components/query-error";
import { Card, CardHeader } from "@/components/ui/card";
import { useTRPC } from "@/lib/trpc";
import { useActiveDownloads } from "../api/use-active-downloads";
import { type ActiveDownloadRow, RunningDownloadRow } from "./running-download-row";

/** "Running now": the recordings in progress, capped to `limit` rows on the home page. */
export function RunningDownloads({
  limit,
  onCancel,
}: {
  limit?: number;
  onCancel?: (row: ActiveDownloadRow) => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const downloads = useActiveDownloads();
  const capacity = useQuery(trpc.video.downloadCapacity.queryOptions());
  const rows = downloads.data ?? [];
  const shown = limit ? rows.slice(0, limit) : rows;

  return (
    <Card aria-labelledby="running-title">
      <CardHeader
        id="running-title"
        title={t("downloads.runningNow")}
        actions={
          <span className="text-xs text-fg-muted">
            {capacity.data
              ? t("downloads.capacity", { active: rows.length, max: capacity.data.max_concurrent })
              : rows.length}
          </span>
        }
      />
      {downloads.isError ? (
        <div className="p-4">
          <QueryError error={downloads.error} retry={() => void downloads.refetch()} />
        </div>
      ) : downloads.isPending ? (
        <p className="p-4 text-sm text-fg-muted">{t("common.loading")}</p>
      ) : rows.length === 0 ? (
        <p className="p-4 text-sm text-fg-muted">{t("downloads.noneRunning")}</p>
      ) : (
        <ul className="divide-y divide-line">
          {shown.map((row) => (
            <RunningDownloadRow
              key={row.job_id}
              row={row}
              receivedAt={downloads.receivedAt}
              onCancel={onCancel}
            />
          ))}
        </ul>
      )}
      {limit && rows.length > limit && (
        <div className="border-t border-line px-4 py-2 text-sm">
          <Link to="/downloads" className="text-brand-600 hover:underline dark:text-brand-400">
            {t("downloads.viewAll", { count: rows.length })}
          </Link>
        </div>
      )}
    </Card>
  );
}
