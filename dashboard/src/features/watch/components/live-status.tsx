import { useTranslation } from "react-i18next";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

/** Under a recording in progress: "Live" at the live edge, else "Go to live"; and that the end still grows. */
export function LiveStatus({ live, onGoLive }: { live: boolean; onGoLive: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm text-fg-muted" data-testid="live-status">
      {live ? (
        <Badge tone="live">
          <span aria-hidden className="size-1.5 rounded-full bg-white" />
          {t("watch.live")}
        </Badge>
      ) : (
        <Button size="sm" onClick={onGoLive}>
          {t("watch.goLive")}
        </Button>
      )}
      <span>{t("watch.liveHint")}</span>
    </div>
  );
}
