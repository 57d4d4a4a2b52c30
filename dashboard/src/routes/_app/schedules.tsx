import { useQuery } from "@tanstack/react-query";
import { createFileRoute } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { PageSpinner } from "@/components/ui/spinner";
import { useHasRole } from "@/features/auth/use-session";
import { useScheduleMutations } from "@/features/schedules/api/use-schedule-mutations";
import { ScheduleCard, type ScheduleItem } from "@/features/schedules/components/schedule-card";
import { ScheduleDialog } from "@/features/schedules/components/schedule-dialog";
import { formFromSchedule } from "@/features/schedules/schedule-form";
import { useTRPC } from "@/lib/trpc";
import { useChannelNames } from "@/lib/use-channel-names";
import { useNow } from "@/lib/use-now";

export const Route = createFileRoute("/_app/schedules")({
  loader: ({ context: { queryClient, trpc } }) => {
    void queryClient.prefetchQuery(trpc.schedule.list.queryOptions({ limit: 200, offset: 0 }));
    void queryClient.prefetchQuery(trpc.schedule.pauseState.queryOptions());
  },
  component: SchedulesPage,
});

function SchedulesPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const canEdit = useHasRole("admin");
  const now = useNow(60_000);
  const schedules = useQuery(trpc.schedule.list.queryOptions({ limit: 200, offset: 0 }));
  const pause = useQuery(trpc.schedule.pauseState.queryOptions());
  const channelName = useChannelNames();
  const { toggle, setPaused } = useScheduleMutations();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<ScheduleItem | null>(null);
  const paused = pause.data?.paused ?? false;
  const nameOf = (id: string) => channelName(id) ?? id;

  return (
    <>
      <PageHeader
        title={t("schedules.title")}
        description={t("schedules.description")}
        actions={
          canEdit && (
            <>
              <Button
                onClick={() => setPaused.mutate({ paused: !paused })}
                disabled={setPaused.isPending || !pause.data}
              >
                {paused ? t("schedules.resumeAll") : t("schedules.pauseAll")}
              </Button>
              <Button variant="primary" onClick={() => setCreating(true)}>
                {t("schedules.createTitle")}
              </Button>
            </>
          )
        }
      />
      {paused && (
        <Alert tone="warning" className="mb-4">
          {t("schedules.pausedBanner")}
        </Alert>
      )}
      {toggle.error && (
        <Alert tone="danger" className="mb-4">
          {toggle.error.message}
        </Alert>
      )}
      {schedules.isError ? (
        <QueryError error={schedules.error} retry={() => void schedules.refetch()} />
      ) : schedules.isPending ? (
        <PageSpinner />
      ) : schedules.data.data.length === 0 ? (
        <EmptyState
          title={t("schedules.empty")}
          description={t("schedules.emptyHint")}
          action={
            canEdit && (
              <Button variant="primary" onClick={() => setCreating(true)}>
                {t("schedules.createTitle")}
              </Button>
            )
          }
        />
      ) : (
        <ul className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
          {schedules.data.data.map((schedule) => (
            <ScheduleCard
              key={schedule.id}
              schedule={schedule}
              channelName={nameOf(schedule.broadcaster_id)}
              paused={paused}
              now={now}
              canEdit={canEdit}
              onToggle={() => toggle.mutate({ id: schedule.id })}
              onEdit={() => setEditing(schedule)}
            />
          ))}
        </ul>
      )}
      {creating && <ScheduleDialog open onOpenChange={(open) => !open && setCreating(false)} />}
      {editing && (
        <ScheduleDialog
          open
          onOpenChange={(open) => !open && setEditing(null)}
          editing={{
            id: editing.id,
            values: formFromSchedule(editing),
            channelName: nameOf(editing.broadcaster_id),
          }}
        />
      )}
    </>
  );
}
