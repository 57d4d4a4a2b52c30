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

export function RelayModeField({
  value,
  error,
  onChange,
}: {
  value: string;
  error: string | undefined;
  onChange: (relayIngestUrl: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Field label={t("eventsub.setup.relayIngestUrl")} hint={t("eventsub.setup.relayHint")} error={error}>
      {(props) => (
        <Input
          {...props}
          type="url"
          inputMode="url"
          placeholder="https://relay.example.workers.dev/u/<token>"
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
