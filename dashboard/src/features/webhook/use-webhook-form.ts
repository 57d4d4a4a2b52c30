import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import { buildWebhookInput, initialWebhookForm, type WebhookForm, type WebhookFormErrors } from "./delivery";

type Config = RouterOutputs["recordingWebhook"]["config"];

/** The webhook form's state and errors, saving it, and sending the test message. */
export function useWebhookForm(config: Config) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Initialised once; later refetches leave unsaved edits alone.
  const [form, setForm] = useState<WebhookForm>(() => initialWebhookForm(config));
  const [errors, setErrors] = useState<WebhookFormErrors>({});
  const invalidate = () => queryClient.invalidateQueries(trpc.recordingWebhook.pathFilter());
  const save = useMutation(trpc.recordingWebhook.updateConfig.mutationOptions({ onSuccess: invalidate }));
  const test = useMutation(trpc.recordingWebhook.testDelivery.mutationOptions({ onSettled: invalidate }));
  const update = (patch: Partial<WebhookForm>) => {
    setForm((previous) => ({ ...previous, ...patch }));
    setErrors({});
    save.reset();
  };
  const submit = () => {
    const built = buildWebhookInput(form);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    save.mutate(built.input);
  };
  return { form, errors, update, submit, save, test };
}
