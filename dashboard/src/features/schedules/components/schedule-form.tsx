import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { RecordingOptionsFields } from "@/components/recording-options-fields";
import { Field, Select } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";
import { useTRPC } from "@/lib/trpc";
import type { ScheduleFormError, ScheduleFormField, ScheduleFormValues } from "../schedule-form";
import { ScheduleConditions } from "./schedule-conditions";

/** The fields of a schedule; validation lives in ../schedule-form.ts, errors come in per field. */
export function ScheduleFormFields({
  values,
  onChange,
  errors,
  channelFixed,
}: {
  values: ScheduleFormValues;
  onChange: (patch: Partial<ScheduleFormValues>) => void;
  errors: Partial<Record<ScheduleFormField, ScheduleFormError>>;
  /** On a channel's page the channel is given; elsewhere it is picked from the watched channels. */
  channelFixed: boolean;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const channels = useQuery({ ...trpc.channel.list.queryOptions(), enabled: !channelFixed });
  const error = (field: ScheduleFormField) =>
    errors[field] ? t(`schedules.errors.${errors[field]}`) : undefined;

  return (
    <div className="flex flex-col gap-4">
      {!channelFixed && (
        <Field label={t("schedules.form.channel")} error={error("broadcaster_id")}>
          {(props) => (
            <Select
              {...props}
              value={values.broadcaster_id}
              onChange={(e) => onChange({ broadcaster_id: e.target.value })}
            >
              <option value="">{t("schedules.form.pickChannel")}</option>
              {(channels.data ?? []).map((c) => (
                <option key={c.broadcaster_id} value={c.broadcaster_id}>
                  {c.broadcaster_name}
                </option>
              ))}
            </Select>
          )}
        </Field>
      )}
      <RecordingOptionsFields value={values} onChange={onChange} />
      <Switch
        label={t("schedules.form.recordChat")}
        hint={t("schedules.form.recordChatHint")}
        checked={values.record_chat}
        onCheckedChange={(record_chat) => onChange({ record_chat })}
      />
      <ScheduleConditions values={values} onChange={onChange} error={error} />
    </div>
  );
}
