import { useTranslation } from "react-i18next";
import { cn } from "@/components/ui/cn";
import { whyNotDeletable } from "../deletion";
import type { VideoItem, VideoSelection } from "./video-card";

/**
 * A card's checkbox over its picture, with a large hit area for touch. A recording that cannot be deleted
 * (still running, already being removed) cannot be selected, and says why.
 */
export function SelectBox({ video, selection }: { video: VideoItem; selection: VideoSelection }) {
  const { t } = useTranslation();
  const blocked = whyNotDeletable(video);
  const title = video.title || t("videos.untitled");
  return (
    <label
      className={cn(
        "absolute inset-0 flex cursor-pointer items-start justify-end rounded-lg p-2",
        selection.selected && "ring-4 ring-brand-500",
        blocked && "cursor-not-allowed",
      )}
      title={blocked ? t(`videos.select.blocked.${blocked}`) : undefined}
    >
      <input
        type="checkbox"
        className="size-6 accent-brand-600"
        checked={selection.selected}
        disabled={blocked !== null}
        onChange={selection.onToggle}
        aria-label={t("videos.select.one", { title })}
      />
    </label>
  );
}
