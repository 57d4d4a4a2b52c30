import { useTranslation } from "react-i18next";
import { CopyButton } from "@/components/copy-button";
import { Alert } from "@/components/ui/alert";
import { Field, Input } from "@/components/ui/field";

// The fields a mode asks for under the mode picker: direct's callback URL, relay's ingest URL.

/** The callback derived from PUBLIC_BASE_URL (to copy into Twitch), or a warning; then an explicit one. */
export function DirectModeFields({
  derived,
  value,
  error,
  onChange,
}: {
  derived: string | null;
  value: string;
  error: string | undefined;
  onChange: (callbackUrl: string) => void;
}) {
  const { t } = useTranslation();
  return (
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
      <Field label={t("eventsub.setup.callbackUrl")} hint={t("eventsub.setup.callbackHint")} error={error}>
        {(props) => (
          <Input
            {...props}
            type="url"
            inputMode="url"
            placeholder={derived ?? "https://replayd.example.com/api/v1/webhook/callback"}
            value={value}
            onChange={(event) => onChange(event.target.value)}
          />
        )}
      </Field>
    </div>
  );
}

/** The relay's ingest URL, and the subscribe key (write-only: a saved one is never shown back). */
export function RelayModeFields({
  ingestUrl,
  subscribeKey,
  keySaved,
  errorOf,
  onChange,
}: {
  ingestUrl: string;
  subscribeKey: string;
  keySaved: boolean;
  errorOf: (field: "relayIngestUrl" | "relaySubscribeKey") => string | undefined;
  onChange: (patch: { relayIngestUrl?: string; relaySubscribeKey?: string }) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="flex flex-col gap-3">
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
            value={ingestUrl}
            onChange={(event) => onChange({ relayIngestUrl: event.target.value })}
          />
        )}
      </Field>
      <Field
        label={t("eventsub.setup.relaySubscribeKey")}
        hint={t("eventsub.setup.relayKeyHint")}
        error={errorOf("relaySubscribeKey")}
      >
        {(props) => (
          <Input
            {...props}
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={keySaved ? t("eventsub.setup.relayKeySaved") : ""}
            value={subscribeKey}
            onChange={(event) => onChange({ relaySubscribeKey: event.target.value })}
          />
        )}
      </Field>
    </div>
  );
}
