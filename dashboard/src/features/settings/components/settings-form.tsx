import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import {
  browserTimeZone,
  checkTimeZone,
  DATETIME_FORMATS,
  type DatetimeFormat,
  formatInPreference,
  timeZoneSuggestions,
} from "../preferences";

type Settings = RouterOutputs["settings"]["get"];

/** Time zone and date format, saved together with the Save button. */
export function DateTimeSettingsCard({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const listId = useId();
  const [timeZone, setTimeZone] = useState(settings.timezone);
  const [format, setFormat] = useState<DatetimeFormat>(settings.datetime_format);
  const [touched, setTouched] = useState(false);
  const update = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: (saved) => queryClient.setQueryData(trpc.settings.get.queryKey(), saved),
    }),
  );
  const suggestions = useMemo(timeZoneSuggestions, []);
  const here = useMemo(browserTimeZone, []);
  const checked = checkTimeZone(timeZone);
  const error = touched && !checked.ok ? t(`settings.errors.${checked.error}`) : undefined;
  // The preview follows what is typed as soon as it is a valid zone.
  const previewZone = checked.ok ? checked.value : settings.timezone;
  const [sample] = useState(() => new Date());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!checked.ok) return;
    setTimeZone(checked.value);
    update.mutate({ timezone: checked.value, datetime_format: format });
  };

  return (
    <Card aria-labelledby={headingId}>
      <CardHeader id={headingId} title={t("settings.dateTime")} />
      <form
        onSubmit={submit}
        noValidate
        className="flex flex-col gap-4 p-4"
        data-testid="settings-datetime-form"
      >
        <Field label={t("settings.timezone")} error={error} hint={t("settings.timezoneHint")}>
          {(props) => (
            <Input
              {...props}
              name="timezone"
              list={listId}
              value={timeZone}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => {
                setTimeZone(e.target.value);
                update.reset();
              }}
              onBlur={() => setTouched(true)}
              data-testid="settings-timezone"
            />
          )}
        </Field>
        <datalist id={listId}>
          {suggestions.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        {here && here !== timeZone && (
          <div>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                setTimeZone(here);
                update.reset();
              }}
            >
              {t("settings.useBrowserZone", { zone: here })}
            </Button>
          </div>
        )}
        <Field label={t("settings.dateFormat")}>
          {(props) => (
            <Select
              {...props}
              name="datetime_format"
              value={format}
              onChange={(e) => {
                setFormat(e.target.value as DatetimeFormat);
                update.reset();
              }}
              data-testid="settings-date-format"
            >
              {DATETIME_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {t(`settings.formats.${f}`, { example: formatInPreference(sample, f, previewZone) })}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <p className="text-sm text-fg-muted" data-testid="settings-preview">
          {t("settings.preview", { example: formatInPreference(sample, format, previewZone) })}
        </p>
        {update.error && <Alert tone="danger">{update.error.message}</Alert>}
        <div className="flex flex-wrap items-center justify-end gap-3">
          {update.isSuccess && (
            <span role="status" className="text-sm text-success">
              {t("settings.saved")}
            </span>
          )}
          <Button type="submit" variant="primary" disabled={update.isPending}>
            {t("common.save")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
