import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { SaveRow } from "@/components/save-row";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, Select } from "@/components/ui/field";
import { type DateStyle, formatDateTime } from "@/lib/date-style";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import { checkTimeZone, DATETIME_FORMATS, type DatetimeFormat } from "../preferences";
import { TimeZoneField } from "./time-zone-field";

type Settings = RouterOutputs["settings"]["get"];

/**
 * Time zone and date format, saved together with the Save button; empty means "not chosen" (each browser's
 * own zone, the language's own format). Saved, they apply on every browser the user signs in on.
 */
export function DateTimeSettingsCard({ settings }: { settings: Settings }) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [timeZone, setTimeZone] = useState(settings.timezone ?? "");
  // "" is the language's own format.
  const [format, setFormat] = useState<DatetimeFormat | "">(settings.datetime_format ?? "");
  const [touched, setTouched] = useState(false);
  const update = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: (saved) => queryClient.setQueryData(trpc.settings.get.queryKey(), saved),
    }),
  );
  const checked = checkTimeZone(timeZone);
  const error = touched && !checked.ok ? t(`settings.errors.${checked.error}`) : undefined;
  // The preview follows what is typed as soon as it is a valid zone.
  const previewZone = checked.ok ? checked.value : settings.timezone;
  const [sample] = useState(() => new Date());
  const example = (f: DatetimeFormat | "") => {
    const style: DateStyle = { locale: i18n.language, timeZone: previewZone, format: f || null };
    return formatDateTime(sample, style);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!checked.ok) return;
    setTimeZone(checked.value ?? "");
    update.mutate({ timezone: checked.value, datetime_format: format || null });
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
        <TimeZoneField
          value={timeZone}
          error={error}
          onChange={(zone) => {
            setTimeZone(zone);
            update.reset();
          }}
          onBlur={() => setTouched(true)}
        />
        <Field label={t("settings.dateFormat")}>
          {(props) => (
            <Select
              {...props}
              name="datetime_format"
              value={format}
              onChange={(e) => {
                setFormat(e.target.value as DatetimeFormat | "");
                update.reset();
              }}
              data-testid="settings-date-format"
            >
              <option value="">{t("settings.formats.auto", { example: example("") })}</option>
              {DATETIME_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {t(`settings.formats.${f}`, { example: example(f) })}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <p className="text-sm text-fg-muted" data-testid="settings-preview">
          {t("settings.preview", { example: example(format) })}
        </p>
        <SaveRow saved={update.isSuccess} pending={update.isPending} error={update.error} />
      </form>
    </Card>
  );
}
