import { useTranslation } from "react-i18next";
import { isSkip, type TimelineMarker } from "../markers";
import { HistoryList } from "./history-list";

/** The markers under the player as jump lists: title changes, category changes, skips. */
export function MarkerLists({
  markers,
  onSeek,
}: {
  markers: TimelineMarker[];
  onSeek: (seconds: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="grid gap-6 md:grid-cols-2 xl:grid-cols-3">
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
