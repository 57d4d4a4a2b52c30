import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useScheduleMutations } from "../api/use-schedule-mutations";
import {
  emptyScheduleForm,
  type ScheduleFormError,
  type ScheduleFormField,
  type ScheduleFormValues,
  validateScheduleForm,
} from "../schedule-form";
import { ScheduleFormFields } from "./schedule-form";

/** Create a schedule (optionally for a given channel) or edit one (`editing`), with Delete when editing. */
export function ScheduleDialog({
  open,
  onOpenChange,
  broadcasterId,
  editing,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  broadcasterId?: string;
  editing?: { id: number; values: ScheduleFormValues; channelName: string };
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<ScheduleFormValues>(
    () => editing?.values ?? emptyScheduleForm(broadcasterId),
  );
  const [errors, setErrors] = useState<Partial<Record<ScheduleFormField, ScheduleFormError>>>({});
  const { create, update, remove } = useScheduleMutations();
  const pending = create.isPending || update.isPending || remove.isPending;
  const serverError = create.error ?? update.error ?? remove.error;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = validateScheduleForm(values);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    const done = { onSuccess: () => onOpenChange(false) };
    if (editing) update.mutate({ id: editing.id, rule: result.rule }, done);
    else create.mutate({ broadcaster_id: result.broadcaster_id, rule: result.rule }, done);
  };

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={editing ? t("schedules.editTitle", { name: editing.channelName }) : t("schedules.createTitle")}
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-5">
        <ScheduleFormFields
          values={values}
          onChange={(patch) => setValues((v) => ({ ...v, ...patch }))}
          errors={errors}
          channelFixed={Boolean(broadcasterId || editing)}
        />
        {serverError && <Alert tone="danger">{serverError.message}</Alert>}
        <div className="flex flex-wrap items-center justify-end gap-2">
          {editing && (
            <Button
              variant="danger"
              className="mr-auto"
              disabled={pending}
              onClick={() => remove.mutate({ id: editing.id }, { onSuccess: () => onOpenChange(false) })}
            >
              {t("common.delete")}
            </Button>
          )}
          <Button onClick={() => onOpenChange(false)}>{t("common.cancel")}</Button>
          <Button type="submit" variant="primary" disabled={pending}>
            {editing ? t("common.save") : t("common.create")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
