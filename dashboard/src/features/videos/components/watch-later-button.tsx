import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ClockIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";
import { useSetWatchLater } from "../api/use-watch-later";

/** A toggle that shows the new state at once (optimistic) and rolls back if the server refuses. */
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
  const [on, setOn] = useState(initial);
  const mutation = useSetWatchLater();
  const label = on ? t("videos.removeWatchLater") : t("videos.addWatchLater");

  const toggle = () => {
    const next = !on;
    setOn(next);
    mutation.mutate({ video_id: videoId, watch_later: next }, { onError: () => setOn(!next) });
  };

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
