import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import { buildModeInput, directBlocked, initialForm, type SetupForm, type SetupFormError } from "./setup";

type Config = RouterOutputs["eventsub"]["config"];

/** The mode form's state: what is typed, the one field error, and saving through `eventsub.updateConfig`. */
export function useSetupForm(config: Config) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Initialised once: a refetch (after a save, or on focus) never wipes what the owner is typing.
  const [form, setForm] = useState<SetupForm>(() => initialForm(config));
  const [fieldError, setFieldError] = useState<{ field: keyof SetupForm; error: SetupFormError } | null>(
    null,
  );
  const save = useMutation(
    trpc.eventsub.updateConfig.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.eventsub.pathFilter()),
    }),
  );
  const derived = config.direct_callback_url;
  const update = (patch: Partial<SetupForm>) => {
    setForm((previous) => ({ ...previous, ...patch }));
    setFieldError(null);
    save.reset();
  };
  const submit = () => {
    const built = buildModeInput(form, derived, config.relay_subscribe_key_set);
    if (!built.ok) {
      setFieldError({ field: built.field, error: built.error });
      return;
    }
    save.mutate(built.input);
  };
  const errorOf = (field: keyof SetupForm) =>
    fieldError?.field === field ? t(`eventsub.setup.errors.${fieldError.error}`) : undefined;
  return { form, update, submit, errorOf, save, blocked: directBlocked(form, derived) };
}
