import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { formatDuration } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import { pollWhileRecording, type VideoStatus } from "./live";
import { type GapMarker, knownGapReason, markersFromChanges, markersFromGaps } from "./markers";

/** The timeline's markers, in time order: title and category changes, skipped ads and gaps. */
export function useWatchMarkers(
  video: { id: number; status: VideoStatus; start_download_at: string },
  total: number,
) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const refetchInterval = pollWhileRecording(video.status, 15_000);
  const changes = useQuery(trpc.video.timeline.queryOptions({ video_id: video.id }, { refetchInterval }));
  const gaps = useQuery(trpc.video.gaps.queryOptions({ video_id: video.id }, { refetchInterval }));
  return useMemo(() => {
    const gapLabel = (gap: GapMarker) => {
      const duration = formatDuration(gap.duration_seconds, i18n.language);
      if (gap.kind === "ad") return t("watch.adSkipped", { duration });
      const reason = knownGapReason(gap.reason);
      return reason
        ? t("watch.gapMissingBecause", { duration, reason: t(`watch.gapReasons.${reason}`) })
        : t("watch.gapMissing", { duration });
    };
    return [
      ...markersFromChanges(changes.data ?? [], video.start_download_at, total),
      ...markersFromGaps(gaps.data ?? [], total, gapLabel),
    ].sort((a, b) => a.seconds - b.seconds);
  }, [changes.data, gaps.data, video.start_download_at, total, t, i18n.language]);
}
