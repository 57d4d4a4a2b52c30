import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { SaveRow } from "@/components/save-row";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import { checkMaxPercent } from "../cache-form";

type Config = RouterOutputs["system"]["playbackCacheConfig"];

/** The playback cache: on/off, made on first play or not, and how much of the disk it may take. */
export function PlaybackCacheForm({ config }: { config: Config }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [enabled, setEnabled] = useState(config.enabled);
  const [autoGenerate, setAutoGenerate] = useState(config.auto_generate);
  const [percent, setPercent] = useState(String(config.max_percent));
  const [touched, setTouched] = useState(false);
  const update = useMutation(
    trpc.system.updatePlaybackCacheConfig.mutationOptions({
      onSuccess: (saved) => queryClient.setQueryData(trpc.system.playbackCacheConfig.queryKey(), saved),
    }),
  );
  const checked = checkMaxPercent(percent);
  const error = touched && !checked.ok ? t(`playback.errors.${checked.error}`) : undefined;
  const edited = () => update.reset();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!checked.ok) return;
    update.mutate({ enabled, auto_generate: autoGenerate, max_percent: checked.value });
  };

  return (
    <Card aria-labelledby={headingId} className="max-w-2xl">
      <CardHeader id={headingId} title={t("playback.cache")} />
      <form onSubmit={submit} noValidate className="flex flex-col gap-5 p-4" data-testid="playback-form">
        <Switch
          label={t("playback.enabled")}
          hint={t("playback.enabledHint")}
          checked={enabled}
          onCheckedChange={(value) => {
            setEnabled(value);
            edited();
          }}
        />
        <Switch
          label={t("playback.autoGenerate")}
          hint={t("playback.autoGenerateHint")}
          checked={autoGenerate}
          disabled={!enabled}
          onCheckedChange={(value) => {
            setAutoGenerate(value);
            edited();
          }}
        />
        <Field label={t("playback.maxPercent")} error={error} hint={t("playback.maxPercentHint")}>
          {(props) => (
            <Input
              {...props}
              name="max_percent"
              type="number"
              inputMode="numeric"
              min={1}
              max={100}
              step={1}
              value={percent}
              disabled={!enabled}
              className="w-32"
              onChange={(e) => {
                setPercent(e.target.value);
                edited();
              }}
              onBlur={() => setTouched(true)}
            />
          )}
        </Field>
        <SaveRow saved={update.isSuccess} pending={update.isPending} error={update.error} />
      </form>
    </Card>
  );
}
