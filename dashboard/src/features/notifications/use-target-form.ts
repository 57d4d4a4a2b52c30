import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import {
  buildTargetInput,
  type FieldKey,
  type FormErrors,
  initialForm,
  type TargetForm,
  type TargetKind,
  type TargetView,
} from "./target-form";

/** The target form's state and errors, and saving it (a new target, or the one given). */
export function useTargetForm(target: TargetView | null, onSaved: () => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Initialised once; later refetches leave unsaved edits alone.
  const [form, setForm] = useState<TargetForm>(() =>
    initialForm(target?.kind ?? "discord", target ?? undefined),
  );
  const [errors, setErrors] = useState<FormErrors>({});
  const onSuccess = async () => {
    await queryClient.invalidateQueries(trpc.notification.targets.pathFilter());
    onSaved();
  };
  const create = useMutation(trpc.notification.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.notification.update.mutationOptions({ onSuccess }));
  const save = target ? update : create;
  const change = (patch: Partial<TargetForm>) => {
    setForm((previous) => ({ ...previous, ...patch }));
    setErrors({});
    save.reset();
  };
  /** Another service: its own settings, the rest of the form kept. */
  const setKind = (kind: TargetKind) => {
    const fresh = initialForm(kind);
    change({ kind, values: fresh.values, stored: fresh.stored, remove: {} });
  };
  const setValue = (key: FieldKey, value: string | boolean) =>
    setForm((previous) => {
      setErrors((e) => ({ ...e, [key]: undefined }));
      return { ...previous, values: { ...previous.values, [key]: value } };
    });
  const submit = () => {
    const built = buildTargetInput(form);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    if (target) update.mutate({ ...built.input, id: target.id });
    else create.mutate(built.input);
  };
  return { form, errors, change, setKind, setValue, submit, save };
}
