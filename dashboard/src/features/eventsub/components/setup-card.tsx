import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CopyButton } from "@/components/copy-button";
import { QueryError } from "@/components/query-error";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { PageSpinner } from "@/components/ui/spinner";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import {
  buildModeInput,
  initialForm,
  type SetupForm,
  type SetupFormError,
  type SetupSummary,
  setupSummary,
} from "../setup";
import { ModePicker } from "./mode-picker";

type Config = RouterOutputs["eventsub"]["config"];

const SUMMARY_TONES: Record<SetupSummary, BadgeTone> = {
  setup_required: "warning",
  restart_required: "warning",
  active: "success",
  off: "neutral",
};

/** Live detection: which of the four modes runs, what each needs, and (unless the environment decides) the choice. */
export function SetupCard() {
  const trpc = useTRPC();
  const config = useQuery(trpc.eventsub.config.queryOptions());
  const { t } = useTranslation();
  return (
    <Card aria-labelledby="eventsub-setup-title" data-testid="eventsub-setup">
      {config.data ? (
        <ModeForm config={config.data} />
      ) : (
        <>
          <CardHeader id="eventsub-setup-title" title={t("eventsub.setup.title")} />
          <div className="p-4">
            {config.isError ? (
              <QueryError error={config.error} retry={() => void config.refetch()} />
            ) : (
              <PageSpinner />
            )}
          </div>
        </>
      )}
    </Card>
  );
}

function ModeForm({ config }: { config: Config }) {
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
  const summary = setupSummary(config);
  const derived = config.direct_callback_url;
  const update = (patch: Partial<SetupForm>) => {
    setForm((previous) => ({ ...previous, ...patch }));
    setFieldError(null);
    save.reset();
  };
  const submit = () => {
    const built = buildModeInput(form, derived);
    if (!built.ok) {
      setFieldError({ field: built.field, error: built.error });
      return;
    }
    save.mutate(built.input);
  };
  const errorOf = (field: keyof SetupForm) =>
    fieldError?.field === field ? t(`eventsub.setup.errors.${fieldError.error}`) : undefined;
  const directBlocked = form.mode === "direct" && !derived && form.callbackUrl.trim() === "";

  return (
    <>
      <CardHeader
        id="eventsub-setup-title"
        title={t("eventsub.setup.title")}
        actions={
          <span data-testid="eventsub-summary">
            <Badge tone={SUMMARY_TONES[summary]}>{t(`eventsub.summary.${summary}`)}</Badge>
          </span>
        }
      />
      <form
        className="flex flex-col gap-4 p-4"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {config.restart_required && !config.setup_required && (
          <Alert tone="warning">
            {t("eventsub.setup.restartBanner", {
              mode: config.mode ? t(`eventsub.modes.${config.mode}.title`) : "–",
              active: config.active.mode
                ? t(`eventsub.modes.${config.active.mode}.title`)
                : t("eventsub.setup.none"),
            })}
          </Alert>
        )}
        {config.env_managed && (
          <Alert tone="info">{t("eventsub.setup.envManaged", { mode: config.mode ?? "" })}</Alert>
        )}
        <ModePicker
          config={config}
          value={form.mode}
          readOnly={config.env_managed}
          onChange={(mode) => update({ mode })}
        />
        {!config.env_managed && form.mode === "direct" && (
          <div className="flex flex-col gap-3">
            {derived ? (
              <div className="flex flex-col gap-1.5">
                <span className="text-sm font-medium text-fg">{t("eventsub.setup.derivedCallback")}</span>
                <div className="flex flex-wrap items-center gap-2">
                  <code
                    className="min-w-0 break-all rounded bg-surface-muted px-2 py-1 text-xs"
                    data-testid="direct-callback"
                  >
                    {derived}
                  </code>
                  <CopyButton text={derived} label={t("eventsub.setup.copyCallback")} />
                </div>
              </div>
            ) : (
              <Alert tone="warning">{t("eventsub.setup.noPublicUrl")}</Alert>
            )}
            <Field
              label={t("eventsub.setup.callbackUrl")}
              hint={t("eventsub.setup.callbackHint")}
              error={errorOf("callbackUrl")}
            >
              {(props) => (
                <Input
                  {...props}
                  type="url"
                  inputMode="url"
                  placeholder={derived ?? "https://replayd.example.com/api/v1/webhook/callback"}
                  value={form.callbackUrl}
                  onChange={(event) => update({ callbackUrl: event.target.value })}
                />
              )}
            </Field>
          </div>
        )}
        {!config.env_managed && form.mode === "relay" && (
          <Field
            label={t("eventsub.setup.relayIngestUrl")}
            hint={t("eventsub.setup.relayHint")}
            error={errorOf("relayIngestUrl")}
          >
            {(props) => (
              <Input
                {...props}
                type="url"
                inputMode="url"
                placeholder="https://relay.example.workers.dev/u/<token>"
                value={form.relayIngestUrl}
                onChange={(event) => update({ relayIngestUrl: event.target.value })}
              />
            )}
          </Field>
        )}
        {save.error && <Alert tone="danger">{save.error.message}</Alert>}
        {save.isSuccess && (
          <Alert tone="info">
            {save.data.restart_required ? t("eventsub.setup.savedRestart") : t("eventsub.setup.saved")}
          </Alert>
        )}
        {!config.env_managed && (
          <div className="flex justify-end">
            <Button
              type="submit"
              variant="primary"
              disabled={save.isPending || directBlocked}
              data-testid="eventsub-save"
            >
              {t("eventsub.setup.save")}
            </Button>
          </div>
        )}
      </form>
    </>
  );
}
