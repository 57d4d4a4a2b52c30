import { useTranslation } from "react-i18next";
import { isSkip, type TimelineMarker } from "../markers";
import { HistoryList } from "./history-list";

/**
 * The markers as jump lists: title changes, category changes, skips. Side by side under the player, or one
 * above the other (`stacked`) when they sit in the watch page's right column from xl up.
 */
export function MarkerLists({
  markers,
  onSeek,
  stacked = false,
}: {
  markers: TimelineMarker[];
  onSeek: (seconds: number) => void;
  stacked?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div
      data-testid="marker-lists"
      className={`grid content-start gap-6 md:grid-cols-2 ${stacked ? "xl:grid-cols-1" : "xl:grid-cols-3"}`}
    >
      <HistoryList
        title={t("watch.titleHistory")}
        markers={markers.filter((m) => m.kind === "title")}
        onSeek={onSeek}
      />
      <HistoryList
        title={t("watch.categoryHistory")}
        markers={markers.filter((m) => m.kind === "category")}
        onSeek={onSeek}
      />
      <HistoryList
        title={t("watch.skips")}
        markers={markers.filter(isSkip)}
        onSeek={onSeek}
        empty={t("watch.noSkips")}
      />
    </div>
  );
}
