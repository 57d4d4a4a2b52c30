import { useTranslation } from "react-i18next";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Switch } from "@/components/ui/switch";
import { formatRelative } from "@/lib/format";
import type { RouterOutputs } from "@/lib/trpc";
import { useDateStyle } from "@/lib/use-date-style";

export type ScheduleItem = RouterOutputs["schedule"]["list"]["data"][number];

/** One schedule: its channel, its rule as badges, how often it fired; admins can switch it and edit it. */
export function ScheduleCard({
  schedule,
  channelName,
  paused,
  now,
  canEdit,
  onToggle,
  onEdit,
}: {
  schedule: ScheduleItem;
  channelName: string;
  paused: boolean;
  now: number;
  canEdit: boolean;
  onToggle: () => void;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const dateStyle = useDateStyle();
  const enabled = !schedule.is_disabled;
  return (
    <li
      className={cn(
        "flex flex-col gap-3 rounded-xl border border-line bg-surface p-4",
        (!enabled || paused) && "opacity-60",
      )}
      data-testid="schedule-card"
    >
      <div className="flex items-center justify-between gap-3">
        <h2 className="truncate font-medium text-fg">{channelName}</h2>
        {canEdit ? (
          <Switch label={t("schedules.enabled")} checked={enabled} onCheckedChange={onToggle} />
        ) : (
          <Badge tone={enabled ? "success" : "neutral"}>
            {enabled ? t("schedules.enabled") : t("schedules.disabled")}
          </Badge>
        )}
      </div>
      <div className="flex flex-wrap gap-1.5">
        <Badge tone="brand">{t(`schedules.types.${schedule.recording_type}`)}</Badge>
        <Badge>{t(`qualities.${schedule.quality}`)}</Badge>
        {schedule.force_h264 && <Badge>H.264</Badge>}
        {schedule.has_min_viewers && (
          <Badge>{t("schedules.badges.viewers", { count: schedule.min_viewers ?? 0 })}</Badge>
        )}
        {schedule.has_categories && (
          <Badge>
            {schedule.categories.map((c) => c.name).join(", ") ||
              t("schedules.badges.categories", { count: 0 })}
          </Badge>
        )}
        {schedule.has_tags && <Badge>{schedule.tags.map((tag) => tag.name).join(", ")}</Badge>}
        {schedule.is_delete_rediff && (
          <Badge tone="warning">
            {t("schedules.badges.deleteAfter", { hours: schedule.time_before_delete ?? 0 })}
          </Badge>
        )}
      </div>
      <div className="flex items-center justify-between gap-2 text-xs text-fg-muted">
        <span>
          {t("schedules.triggered", { count: schedule.trigger_count })}
          {schedule.last_triggered_at && <> · {formatRelative(schedule.last_triggered_at, now, dateStyle)}</>}
        </span>
        {canEdit && (
          <Button
            size="sm"
            variant="ghost"
            onClick={onEdit}
            aria-label={t("schedules.editLabel", { name: channelName })}
          >
            {t("common.edit")}
          </Button>
        )}
      </div>
    </li>
  );
}
