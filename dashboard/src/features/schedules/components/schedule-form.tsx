import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Field, Input, Select } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";
import { useTRPC } from "@/lib/trpc";
import {
  QUALITIES,
  RECORDING_TYPES,
  type ScheduleFormError,
  type ScheduleFormField,
  type ScheduleFormValues,
} from "../schedule-form";
import { CategoryPicker } from "./category-picker";
import { TagPicker } from "./tag-picker";

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
      <div className="grid grid-cols-2 gap-3">
        <Field label={t("schedules.form.recordingType")}>
          {(props) => (
            <Select
              {...props}
              value={values.recording_type}
              onChange={(e) =>
                onChange({ recording_type: e.target.value as ScheduleFormValues["recording_type"] })
              }
            >
              {RECORDING_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`schedules.types.${type}`)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t("videos.filters.quality")}>
          {(props) => (
            <Select
              {...props}
              value={values.quality}
              onChange={(e) => onChange({ quality: e.target.value as ScheduleFormValues["quality"] })}
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
      {values.recording_type === "video" && (
        <Switch
          label={t("schedules.form.forceH264")}
          hint={t("schedules.form.forceH264Hint")}
          checked={values.force_h264}
          onCheckedChange={(force_h264) => onChange({ force_h264 })}
        />
      )}
      <Switch
        label={t("schedules.form.minViewers")}
        checked={values.has_min_viewers}
        onCheckedChange={(on) => onChange({ has_min_viewers: on, min_viewers: on ? values.min_viewers : "" })}
      />
      {values.has_min_viewers && (
        <Field label={t("schedules.form.viewerCount")} error={error("min_viewers")}>
          {(props) => (
            <Input
              {...props}
              inputMode="numeric"
              value={values.min_viewers}
              onChange={(e) => onChange({ min_viewers: e.target.value })}
            />
          )}
        </Field>
      )}
      <Switch
        label={t("schedules.form.categories")}
        checked={values.has_categories}
        onCheckedChange={(on) => onChange({ has_categories: on, categories: on ? values.categories : [] })}
      />
      {values.has_categories && (
        <Field label={t("schedules.form.categoriesPick")} error={error("category_ids")}>
          {(props) => (
            <CategoryPicker
              value={values.categories}
              onChange={(categories) => onChange({ categories })}
              invalid={props["aria-invalid"]}
              describedBy={props["aria-describedby"]}
            />
          )}
        </Field>
      )}
      <Switch
        label={t("schedules.form.tags")}
        checked={values.has_tags}
        onCheckedChange={(on) => onChange({ has_tags: on, tag_ids: on ? values.tag_ids : [] })}
      />
      {values.has_tags && (
        <div className="flex flex-col gap-1.5">
          <TagPicker value={values.tag_ids} onChange={(tag_ids) => onChange({ tag_ids })} />
          {error("tag_ids") && (
            <p role="alert" className="text-xs text-danger">
              {error("tag_ids")}
            </p>
          )}
        </div>
      )}
      <Switch
        label={t("schedules.form.deleteAfter")}
        checked={values.is_delete_rediff}
        onCheckedChange={(on) =>
          onChange({ is_delete_rediff: on, time_before_delete: on ? values.time_before_delete : "" })
        }
      />
      {values.is_delete_rediff && (
        <Field label={t("schedules.form.hours")} error={error("time_before_delete")}>
          {(props) => (
            <Input
              {...props}
              inputMode="numeric"
              value={values.time_before_delete}
              onChange={(e) => onChange({ time_before_delete: e.target.value })}
            />
          )}
        </Field>
      )}
    </div>
  );
}
