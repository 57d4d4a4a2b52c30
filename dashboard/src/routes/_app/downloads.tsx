import { useMutation, useQuery } from "@tanstack/react-query";
import { createFileRoute, Link } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useHasRole } from "@/features/auth/use-session";
import type { ActiveDownloadRow } from "@/features/downloads/components/running-download-row";
import { RunningDownloads } from "@/features/downloads/components/running-downloads";
import { formatBytes, formatDuration, formatRelative } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import { useDateStyle } from "@/lib/use-date-style";
import { useNow } from "@/lib/use-now";

export const Route = createFileRoute("/_app/downloads")({
  component: DownloadsPage,
});

/** Running recordings (cancellable by admins) and the latest finished or failed ones. */
function DownloadsPage() {
  const { t, i18n } = useTranslation();
  const dateStyle = useDateStyle();
  const trpc = useTRPC();
  const canCancel = useHasRole("admin");
  const now = useNow(60_000);
  const cancel = useMutation(trpc.video.cancel.mutationOptions());
  // Cancel asks first: it stops the recording for good (what is recorded is kept).
  const [confirming, setConfirming] = useState<ActiveDownloadRow | null>(null);
  const history = useQuery(
    // The latest to finish (when each ended, not began); the History page has them all, paged and filtered.
    trpc.video.listPage.queryOptions({
      limit: 10,
      terminal_only: true,
      sort: "downloaded_at",
      order: "desc",
    }),
  );

  return (
    <>
      <PageHeader title={t("downloads.title")} description={t("downloads.description")} />
      <div className="flex flex-col gap-6">
        <RunningDownloads onCancel={canCancel ? setConfirming : undefined} />
        <ConfirmDialog
          open={confirming !== null}
          onOpenChange={(open) => {
            if (!open) {
              setConfirming(null);
              cancel.reset();
            }
          }}
          title={t("downloads.cancelTitle", {
            channel: confirming?.video?.broadcaster_name ?? t("common.unknown"),
          })}
          description={t("downloads.cancelDescription")}
          confirmLabel={t("downloads.cancelConfirm")}
          pending={cancel.isPending}
          error={cancel.error?.message}
          onConfirm={() => {
            if (!confirming) return;
            cancel.mutate({ job_id: confirming.job_id }, { onSuccess: () => setConfirming(null) });
          }}
        />
        <Card aria-labelledby="history-title">
          <CardHeader
            id="history-title"
            title={t("downloads.history")}
            actions={
              <Link to="/history" className="text-sm text-brand-600 hover:underline dark:text-brand-400">
                {t("downloads.fullHistory")}
              </Link>
            }
          />
          {history.isError ? (
            <div className="p-4">
              <QueryError error={history.error} retry={() => void history.refetch()} />
            </div>
          ) : (
            <ul className="divide-y divide-line">
              {(history.data?.items ?? []).map((video) => (
                <li key={video.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 text-sm">
                  <Badge
                    tone={
                      video.status !== "DONE"
                        ? "danger"
                        : video.completion_kind === "cancelled"
                          ? "warning"
                          : "success"
                    }
                  >
                    {video.status === "DONE" && video.completion_kind === "cancelled"
                      ? t("videos.cancelled")
                      : t(`videos.status.${video.status}`)}
                  </Badge>
                  {/* 12rem before the details wrap under the title, so a phone shows more than "Kitche…". */}
                  <Link
                    to="/watch/$videoId"
                    params={{ videoId: video.id }}
                    className="min-w-48 flex-1 truncate text-fg hover:underline"
                  >
                    {video.broadcaster_name} · {video.title || t("videos.untitled")}
                  </Link>
                  <span className="text-xs text-fg-muted">
                    {formatDuration(video.duration_seconds, i18n.language)} ·{" "}
                    {formatBytes(video.size_bytes, i18n.language)} ·{" "}
                    {formatRelative(video.downloaded_at ?? video.start_download_at, now, dateStyle)}
                  </span>
                  {video.status === "FAILED" && video.error && (
                    <p className="w-full text-xs text-danger">{video.error}</p>
                  )}
                </li>
              ))}
              {history.data?.items.length === 0 && (
                <li className="p-4 text-sm text-fg-muted">{t("downloads.noHistory")}</li>
              )}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
