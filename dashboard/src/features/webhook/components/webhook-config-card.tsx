import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { QueryError } from "@/components/query-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { PageSpinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import {
  buildWebhookInput,
  testResultMessage,
  WEBHOOK_EVENTS,
  type WebhookForm,
  type WebhookFormErrors,
} from "../delivery";
import { WebhookSecret } from "./webhook-secret";

type Config = RouterOutputs["recordingWebhook"]["config"];

/** The recording webhook's settings, its signing secret and a test send. */
export function WebhookConfigCard() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const config = useQuery(trpc.recordingWebhook.config.queryOptions());
  return (
    <Card aria-labelledby="webhook-config-title" data-testid="webhook-config">
      <CardHeader id="webhook-config-title" title={t("webhook.config.title")} />
      {config.data ? (
        <ConfigForm config={config.data} />
      ) : (
        <div className="p-4">
          {config.isError ? (
            <QueryError error={config.error} retry={() => void config.refetch()} />
          ) : (
            <PageSpinner />
          )}
        </div>
      )}
    </Card>
  );
}

function ConfigForm({ config }: { config: Config }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const eventsId = useId();
  // Initialised once; later refetches leave unsaved edits alone.
  const [form, setForm] = useState<WebhookForm>(() => ({
    enabled: config.enabled,
    url: config.url ?? "",
    // The server reads "none" as "every event": show that as both boxes ticked.
    events: config.events.length === 0 ? [...WEBHOOK_EVENTS] : [...config.events],
  }));
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
  const testMessage = test.data ? testResultMessage(test.data) : null;

  return (
    <div className="flex flex-col gap-5 p-4">
      <form
        className="flex flex-col gap-4"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Switch
          label={t("webhook.config.enabled")}
          hint={t("webhook.config.enabledHint")}
          checked={form.enabled}
          onCheckedChange={(enabled) => update({ enabled })}
        />
        <Field
          label={t("webhook.config.url")}
          hint={t("webhook.config.urlHint")}
          error={errors.url ? t(`webhook.config.errors.${errors.url}`) : undefined}
        >
          {(props) => (
            <Input
              {...props}
              type="url"
              inputMode="url"
              placeholder="https://hooks.example.com/replayd"
              value={form.url}
              onChange={(event) => update({ url: event.target.value })}
              data-testid="webhook-url"
            />
          )}
        </Field>
        <fieldset aria-describedby={errors.events ? `${eventsId}-error` : undefined}>
          <legend className="mb-1.5 text-sm font-medium text-fg">{t("webhook.config.events")}</legend>
          <div className="flex flex-col gap-1.5">
            {WEBHOOK_EVENTS.map((event) => (
              <label key={event} className="flex items-center gap-2 text-sm text-fg">
                <input
                  type="checkbox"
                  className="size-4 accent-brand-600"
                  checked={form.events.includes(event)}
                  onChange={(e) =>
                    update({
                      events: e.target.checked
                        ? [...form.events, event]
                        : form.events.filter((x) => x !== event),
                    })
                  }
                />
                <code className="text-xs">{event}</code>
                <span className="text-fg-muted">
                  {t(`webhook.events.${event === "recording.completed" ? "completed" : "failed"}`)}
                </span>
              </label>
            ))}
          </div>
          {errors.events && (
            <p id={`${eventsId}-error`} role="alert" className="mt-1 text-xs text-danger">
              {t(`webhook.config.errors.${errors.events}`)}
            </p>
          )}
        </fieldset>
        {save.error && <Alert tone="danger">{save.error.message}</Alert>}
        {save.isSuccess && <Alert tone="info">{t("webhook.config.saved")}</Alert>}
        <div className="flex flex-wrap justify-end gap-2">
          <Button
            onClick={() => test.mutate()}
            disabled={test.isPending || !config.url}
            data-testid="webhook-test"
            title={config.url ? undefined : t("webhook.test.needsUrl")}
          >
            {test.isPending ? t("webhook.test.sending") : t("webhook.test.send")}
          </Button>
          <Button type="submit" variant="primary" disabled={save.isPending} data-testid="webhook-save">
            {t("webhook.config.save")}
          </Button>
        </div>
        <div aria-live="polite" data-testid="webhook-test-result">
          {testMessage && (
            <Alert tone={test.data?.ok ? "info" : "warning"}>
              {t(`webhook.testResult.${testMessage.key}`, testMessage.values)}
            </Alert>
          )}
          {test.error && <Alert tone="danger">{test.error.message}</Alert>}
        </div>
      </form>
      <WebhookSecret secret={config.secret} />
    </div>
  );
}
