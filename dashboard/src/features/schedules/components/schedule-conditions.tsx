import { useTranslation } from "react-i18next";
import { Field, Input } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";
import type { ScheduleFormField, ScheduleFormValues } from "../schedule-form";
import { CategoryPicker } from "./category-picker";
import { TagPicker } from "./tag-picker";

/**
 * A schedule's switches and the value each one turns on: a minimum of viewers, categories, tags, and
 * deleting the recording after some hours. Turning one off clears its value.
 */
export function ScheduleConditions({
  values,
  onChange,
  error,
}: {
  values: ScheduleFormValues;
  onChange: (patch: Partial<ScheduleFormValues>) => void;
  /** A field's error, translated. */
  error: (field: ScheduleFormField) => string | undefined;
}) {
  const { t } = useTranslation();

  return (
    <>
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
    </>
  );
}
