import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { QueryError } from "@/components/query-error";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { useTRPC } from "@/lib/trpc";
import { useChannelNames } from "@/lib/use-channel-names";

const SHOWN = 4;

/** Home's view of the caller's own schedules: the first few, whether each is on, and the way to all. */
export function MySchedulesCard() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const mine = useQuery(trpc.schedule.mine.queryOptions());
  const paused = useQuery(trpc.schedule.pauseState.queryOptions());
  const channelName = useChannelNames();
  const schedules = mine.data ?? [];

  return (
    <Card aria-labelledby="my-schedules-title">
      <CardHeader
        id="my-schedules-title"
        title={t("home.mySchedules")}
        actions={paused.data?.paused ? <Badge tone="warning">{t("home.schedulesPaused")}</Badge> : undefined}
      />
      {mine.isError ? (
        <div className="p-4">
          <QueryError error={mine.error} retry={() => void mine.refetch()} />
        </div>
      ) : mine.isPending ? (
        <p className="p-4 text-sm text-fg-muted">{t("common.loading")}</p>
      ) : schedules.length === 0 ? (
        <p className="p-4 text-sm text-fg-muted">{t("home.noSchedules")}</p>
      ) : (
        <ul className="divide-y divide-line">
          {schedules.slice(0, SHOWN).map((schedule) => (
            <li key={schedule.id} className="flex flex-wrap items-center gap-2 px-4 py-2 text-sm">
              <Link
                to="/channels/$channelId"
                params={{ channelId: schedule.broadcaster_id }}
                className="min-w-0 truncate font-medium text-fg hover:underline"
              >
                {channelName(schedule.broadcaster_id) ?? schedule.broadcaster_id}
              </Link>
              <span className="text-fg-muted">
                {t("schedules.triggered", { count: schedule.trigger_count })}
              </span>
              <Badge tone={schedule.is_disabled ? "neutral" : "success"} className="ml-auto">
                {schedule.is_disabled ? t("schedules.disabled") : t("schedules.enabled")}
              </Badge>
            </li>
          ))}
        </ul>
      )}
      <div className="border-t border-line px-4 py-2 text-sm">
        <Link to="/schedules" className="text-brand-600 hover:underline dark:text-brand-400">
          {schedules.length > SHOWN
            ? t("home.allSchedules", { count: schedules.length })
            : t("home.manageSchedules")}
        </Link>
      </div>
    </Card>
  );
}
