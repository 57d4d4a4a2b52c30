import { useMutation } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { RecordingOptionsFields } from "@/components/recording-options-fields";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { RecordingOptions } from "@/lib/recording-options";
import { useTRPC } from "@/lib/trpc";

/**
 * Start recording a live channel now (`video.triggerDownload`); only possible while it is live. When the
 * channel turns out to be recording already (`running`, or the server says so), the dialog says so and links
 * to that recording instead of showing the refusal.
 */
export function RecordNowDialog({
  open,
  onOpenChange,
  broadcasterId,
  name,
  live,
  running,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  broadcasterId: string;
  name: string;
  live: boolean;
  running: { videoId: number } | null;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [options, setOptions] = useState<RecordingOptions>({
    recording_type: "video",
    quality: "source",
    force_h264: false,
  });
  const trigger = useMutation(trpc.video.triggerDownload.mutationOptions());
  // Refused because the channel records already (it started meanwhile): a state, not an error. The server's
  // ChannelBusyError says "… is already being recorded"; at capacity is another conflict, shown as is.
  const alreadyRecording =
    trigger.error?.data?.code === "CONFLICT" && /is already being recorded/.test(trigger.error.message);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    trigger.mutate({
      broadcaster_id: broadcasterId,
      ...options,
      force_h264: options.recording_type === "video" && options.force_h264,
    });
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={t("record.title", { name })}>
      {trigger.isSuccess ? (
        <div className="flex flex-col gap-4">
          <Alert tone="info">{t("record.started")}</Alert>
          <div className="flex justify-end gap-2">
            <Link
              to="/watch/$videoId"
              params={{ videoId: trigger.data.video_id }}
              className="text-sm text-brand-600 hover:underline"
            >
              {t("downloads.open")}
            </Link>
          </div>
        </div>
      ) : running || alreadyRecording ? (
        <div className="flex flex-col gap-4" data-testid="already-recording">
          <Alert tone="info">{t("record.alreadyRecording", { name })}</Alert>
          <div className="flex justify-end gap-2">
            {running && (
              <Link
                to="/watch/$videoId"
                params={{ videoId: running.videoId }}
                className="text-sm text-brand-600 hover:underline"
              >
                {t("record.watchRecording")}
              </Link>
            )}
          </div>
        </div>
      ) : (
        <form onSubmit={submit} className="flex flex-col gap-4">
          {!live && <Alert tone="warning">{t("record.offline")}</Alert>}
          <RecordingOptionsFields
            value={options}
            onChange={(patch) => setOptions((previous) => ({ ...previous, ...patch }))}
            disabled={!live}
          />
          {trigger.error && <Alert tone="danger">{trigger.error.message}</Alert>}
          <div className="flex justify-end gap-2">
            <Button onClick={() => onOpenChange(false)}>{t("common.cancel")}</Button>
            <Button type="submit" variant="primary" disabled={!live || trigger.isPending}>
              {t("record.start")}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
