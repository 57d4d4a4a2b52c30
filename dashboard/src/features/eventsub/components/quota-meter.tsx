import { useTranslation } from "react-i18next";
import { cn } from "@/components/ui/cn";
import { ProgressBar, type ProgressTone } from "@/components/ui/progress";
import { type QuotaLevel, quotaLevel, quotaPercent } from "../quota";

const LEVEL_TONE: Record<QuotaLevel, ProgressTone> = { ok: "brand", warning: "warning", critical: "danger" };
const LEVEL_TEXT: Record<QuotaLevel, string> = { ok: "", warning: "text-warning", critical: "text-danger" };

/** Cost used against Twitch's maximum, as figures and a bar that turns yellow, then red, with a warning. */
export function QuotaMeter({ used, max }: { used: number; max: number }) {
  const { t, i18n } = useTranslation();
  const percent = quotaPercent(used, max);
  const level = quotaLevel(percent);
  return (
    <div className="flex flex-col gap-1.5">
      <p className="text-sm text-fg" data-testid="quota-cost">
        {t("eventsub.quota.cost", {
          used: used.toLocaleString(i18n.language),
          max: max.toLocaleString(i18n.language),
        })}{" "}
        <span className={cn("font-semibold", LEVEL_TEXT[level])}>
          {percent === null ? "–" : t("eventsub.quota.percent", { percent })}
        </span>
      </p>
      <ProgressBar value={percent ?? 0} label={t("eventsub.quota.meter")} tone={LEVEL_TONE[level]} />
      {level !== "ok" && <p className={cn("text-xs", LEVEL_TEXT[level])}>{t(`eventsub.quota.${level}`)}</p>}
    </div>
  );
}
