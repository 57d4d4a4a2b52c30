import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc";
import { formFromSchedule } from "../schedule-form";
import { ScheduleDialog } from "./schedule-dialog";

/**
 * A channel page's schedule button: "New schedule", or "Edit schedule" when the caller already has one for
 * the channel (one each per channel: a second would only be refused).
 */
export function ScheduleAction({
  broadcasterId,
  channelName,
}: {
  broadcasterId: string;
  channelName: string;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const mine = useQuery(trpc.schedule.mine.queryOptions());
  const existing = mine.data?.find((s) => s.broadcaster_id === broadcasterId) ?? null;
  const [open, setOpen] = useState(false);
  const close = (next: boolean) => !next && setOpen(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} disabled={mine.isPending} data-testid="channel-schedule">
        {existing ? t("schedules.editSchedule") : t("schedules.createTitle")}
      </Button>
      {open &&
        (existing ? (
          <ScheduleDialog
            open
            onOpenChange={close}
            editing={{ id: existing.id, values: formFromSchedule(existing), channelName }}
          />
        ) : (
          <ScheduleDialog open onOpenChange={close} broadcasterId={broadcasterId} />
        ))}
    </>
  );
}
