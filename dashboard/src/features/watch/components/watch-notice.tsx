import { Trans, useTranslation } from "react-i18next";
import { Alert } from "@/components/ui/alert";
import type { RouterOutputs } from "@/lib/trpc";
import { type PlayerMode, watchNotice } from "../live";

type VideoDetail = RouterOutputs["video"]["getById"];

/** What the page says about the video above the player, or instead of it when there is nothing to play. */
export function WatchNoticeAlert({ video, mode }: { video: VideoDetail; mode: PlayerMode }) {
  const { t } = useTranslation();
  switch (watchNotice(video, mode)) {
    case "removed":
      return <Alert tone="warning">{t("watch.removed")}</Alert>;
    case "failed":
      // The error is the server's own words (English), marked so for screen readers.
      return (
        <Alert tone="danger">
          <Trans
            i18nKey="watch.failed"
            values={{ error: video.error ?? t("common.unknown") }}
            components={{ error: <span lang={video.error ? "en" : undefined} /> }}
          />
        </Alert>
      );
    case "cancelled":
      return <Alert tone="warning">{t("watch.cancelled")}</Alert>;
    case "notReady":
      return <Alert tone="info">{t("watch.notReady", { status: t(`videos.status.${video.status}`) })}</Alert>;
    default:
      return null;
  }
}
