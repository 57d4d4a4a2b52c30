import { useTranslation } from "react-i18next";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { VideoItem } from "./video-card";

const statusTone: Record<VideoItem["status"], BadgeTone> = {
  DONE: "success",
  RUNNING: "live",
  PENDING: "neutral",
  FAILED: "danger",
};

/** A card's state over its picture: being removed, not done yet, or done but partial or cancelled. */
export function CardBadges({ video }: { video: VideoItem }) {
  const { t } = useTranslation();
  return (
    <span className="absolute top-2 left-2 flex gap-1">
      {video.delete_requested_at !== null && <Badge>{t("videos.delete.removing")}</Badge>}
      {video.status !== "DONE" && (
        <Badge tone={statusTone[video.status]}>{t(`videos.status.${video.status}`)}</Badge>
      )}
      {video.completion_kind !== "complete" && video.status === "DONE" && (
        <Badge tone="warning">
          {video.completion_kind === "cancelled" ? t("videos.cancelled") : t("videos.partial")}
        </Badge>
      )}
    </span>
  );
}
