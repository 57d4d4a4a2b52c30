import { useTranslation } from "react-i18next";
import { ClockIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";
import { useOptimisticToggle } from "@/lib/use-optimistic-toggle";
import { useSetWatchLater } from "../api/use-watch-later";

/** Watch later on or off, shown at once and rolled back if the server refuses. */
export function WatchLaterButton({
  videoId,
  initial,
  withLabel = false,
}: {
  videoId: number;
  initial: boolean;
  withLabel?: boolean;
}) {
  const { t } = useTranslation();
  const mutation = useSetWatchLater();
  const [on, toggle] = useOptimisticToggle(initial, (watch_later, rollback) =>
    mutation.mutate({ video_id: videoId, watch_later }, { onError: rollback }),
  );
  const label = on ? t("videos.removeWatchLater") : t("videos.addWatchLater");

  return (
    <Button
      variant={withLabel ? "secondary" : "ghost"}
      size={withLabel ? "sm" : "icon"}
      aria-pressed={on}
      aria-label={withLabel ? undefined : label}
      title={label}
      onClick={toggle}
      className={on ? "text-brand-600 dark:text-brand-400" : ""}
    >
      <ClockIcon filled={on} />
      {withLabel && t("videos.watchLater")}
    </Button>
  );
}
