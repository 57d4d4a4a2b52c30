import { useTranslation } from "react-i18next";
import { CopyButton } from "@/components/copy-button";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

/** The new token, shown this once (the server keeps only a hash), to copy before closing. */
export function CreatedToken({ token, onDone }: { token: string; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="flex flex-col gap-4" data-testid="token-created">
      <Alert tone="warning">{t("tokens.onceWarning")}</Alert>
      <Field label={t("tokens.yourToken")}>
        {(props) => (
          <Input
            {...props}
            readOnly
            value={token}
            onFocus={(e) => e.currentTarget.select()}
            className="font-mono text-xs"
            data-testid="token-value"
          />
        )}
      </Field>
      <p className="text-xs text-fg-muted">{t("tokens.usage")}</p>
      <div className="flex flex-wrap items-center justify-end gap-2">
        <CopyButton variant="primary" text={token} label={t("tokens.copy")} testId="token-copy" />
        <Button onClick={onDone}>{t("tokens.done")}</Button>
      </div>
    </div>
  );
}
