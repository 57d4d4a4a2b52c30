import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { QueryError } from "@/components/query-error";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { PageSpinner } from "@/components/ui/spinner";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import { type SetupSummary, setupSummary } from "../setup";
import { useSetupForm } from "../use-setup-form";
import { DirectModeFields, RelayModeFields } from "./mode-fields";
import { ModePicker } from "./mode-picker";
import { SetupNotices } from "./setup-notices";

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
  const { form, update, submit, errorOf, save, blocked } = useSetupForm(config);
  const summary = setupSummary(config);
  const editable = !config.env_managed;

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
        <SetupNotices config={config} />
        <ModePicker
          config={config}
          value={form.mode}
          readOnly={!editable}
          onChange={(mode) => update({ mode })}
        />
        {editable && form.mode === "direct" && (
          <DirectModeFields
            derived={config.direct_callback_url}
            value={form.callbackUrl}
            error={errorOf("callbackUrl")}
            onChange={(callbackUrl) => update({ callbackUrl })}
          />
        )}
        {editable && form.mode === "relay" && (
          <RelayModeFields
            ingestUrl={form.relayIngestUrl}
            subscribeKey={form.relaySubscribeKey}
            keySaved={config.relay_subscribe_key_set}
            errorOf={errorOf}
            onChange={update}
          />
        )}
        {save.error && <Alert tone="danger">{save.error.message}</Alert>}
        {save.isSuccess && (
          <Alert tone="info">
            {save.data.restart_required ? t("eventsub.setup.savedRestart") : t("eventsub.setup.saved")}
          </Alert>
        )}
        {editable && (
          <div className="flex justify-end">
            <Button
              type="submit"
              variant="primary"
              disabled={save.isPending || blocked}
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
