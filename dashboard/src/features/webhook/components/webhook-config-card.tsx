import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { QueryError } from "@/components/query-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { PageSpinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import { testResultMessage } from "../delivery";
import { useWebhookForm } from "../use-webhook-form";
import { WebhookEventsField } from "./webhook-events-field";
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
  const { form, errors, update, submit, save, test } = useWebhookForm(config);
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
        <WebhookEventsField
          value={form.events}
          error={errors.events}
          onChange={(events) => update({ events })}
        />
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
