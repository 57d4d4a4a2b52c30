import { useMutation } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Select } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";
import { useTRPC } from "@/lib/trpc";

const QUALITIES = ["source", "1080p", "720p", "480p", "360p", "audio_only"] as const;
type Quality = (typeof QUALITIES)[number];

/** Start recording a live channel now (`video.triggerDownload`); only possible while it is live. */
export function RecordNowDialog({
  open,
  onOpenChange,
  broadcasterId,
  name,
  live,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  broadcasterId: string;
  name: string;
  live: boolean;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [type, setType] = useState<"video" | "audio">("video");
  const [quality, setQuality] = useState<Quality>("source");
  const [forceH264, setForceH264] = useState(false);
  const trigger = useMutation(trpc.video.triggerDownload.mutationOptions());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    trigger.mutate({
      broadcaster_id: broadcasterId,
      recording_type: type,
      quality,
      force_h264: type === "video" && forceH264,
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
      ) : (
        <form onSubmit={submit} className="flex flex-col gap-4">
          {!live && <Alert tone="warning">{t("record.offline")}</Alert>}
          <div className="grid grid-cols-2 gap-3">
            <Field label={t("schedules.form.recordingType")}>
              {(props) => (
                <Select
                  {...props}
                  value={type}
                  disabled={!live}
                  onChange={(e) => setType(e.target.value as "video" | "audio")}
                >
                  <option value="video">{t("schedules.types.video")}</option>
                  <option value="audio">{t("schedules.types.audio")}</option>
                </Select>
              )}
            </Field>
            <Field label={t("videos.filters.quality")}>
              {(props) => (
                <Select
                  {...props}
                  value={quality}
                  disabled={!live}
                  onChange={(e) => setQuality(e.target.value as Quality)}
                >
                  {QUALITIES.map((q) => (
                    <option key={q} value={q}>
                      {t(`qualities.${q}`)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
          {type === "video" && (
            <Switch
              label={t("schedules.form.forceH264")}
              hint={t("schedules.form.forceH264Hint")}
              checked={forceH264}
              disabled={!live}
              onCheckedChange={setForceH264}
            />
          )}
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
