import { useMutation, useQuery } from "@tanstack/react-query";
import { createFileRoute, Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { useHasRole } from "@/features/auth/use-session";
import { RunningDownloads } from "@/features/downloads/components/running-downloads";
import { formatBytes, formatDuration, formatRelative } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import { useNow } from "@/lib/use-now";

export const Route = createFileRoute("/_app/downloads")({
  component: DownloadsPage,
});

/** Running recordings (cancellable by admins) and the latest finished or failed ones. */
function DownloadsPage() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const canCancel = useHasRole("admin");
  const now = useNow(60_000);
  const cancel = useMutation(trpc.video.cancel.mutationOptions());
  const history = useQuery(
    trpc.video.listPage.queryOptions({ limit: 20, terminal_only: true, sort: "history_when", order: "desc" }),
  );

  return (
    <>
      <PageHeader title={t("downloads.title")} description={t("downloads.description")} />
      <div className="flex flex-col gap-6">
        {cancel.error && <Alert tone="danger">{cancel.error.message}</Alert>}
        <RunningDownloads onCancel={canCancel ? (jobId) => cancel.mutate({ job_id: jobId }) : undefined} />
        <Card aria-labelledby="history-title">
          <CardHeader id="history-title" title={t("downloads.history")} />
          {history.isError ? (
            <div className="p-4">
              <QueryError error={history.error} retry={() => void history.refetch()} />
            </div>
          ) : (
            <ul className="divide-y divide-line">
              {(history.data?.items ?? []).map((video) => (
                <li key={video.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 text-sm">
                  <Badge tone={video.status === "DONE" ? "success" : "danger"}>
                    {t(`videos.status.${video.status}`)}
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
                    {formatDuration(video.duration_seconds)} · {formatBytes(video.size_bytes)} ·{" "}
                    {formatRelative(video.downloaded_at ?? video.start_download_at, now, i18n.language)}
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
