import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CopyButton } from "@/components/copy-button";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useTRPC } from "@/lib/trpc";
import { maskSecret } from "../delivery";

/**
 * The signing secret: masked until asked for, copyable, and replaceable after a confirmation. A new secret is
 * shown once in clear right after it is made, with a reminder to give it to the receiver.
 */
export function WebhookSecret({ secret }: { secret: string | null }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [revealed, setRevealed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [fresh, setFresh] = useState<string | null>(null);
  const regenerate = useMutation(
    trpc.recordingWebhook.regenerateSecret.mutationOptions({
      onSuccess: (config) => {
        setConfirming(false);
        setFresh(config.secret);
        setRevealed(false);
        return queryClient.invalidateQueries(trpc.recordingWebhook.config.pathFilter());
      },
    }),
  );
  const shown = fresh ?? secret;

  return (
    <section aria-labelledby="webhook-secret-title" className="flex flex-col gap-2 border-t border-line pt-4">
      <h3 id="webhook-secret-title" className="text-sm font-medium text-fg">
        {t("webhook.secret.title")}
      </h3>
      <p className="text-xs text-fg-muted">{t("webhook.secret.hint")}</p>
      {fresh && <Alert tone="warning">{t("webhook.secret.fresh")}</Alert>}
      {shown ? (
        <div className="flex flex-wrap items-center gap-2">
          <code
            className="min-w-0 break-all rounded bg-surface-muted px-2 py-1 text-xs"
            data-testid="webhook-secret"
          >
            {fresh || revealed ? shown : maskSecret(shown)}
          </code>
          {!fresh && (
            <Button onClick={() => setRevealed((r) => !r)} aria-pressed={revealed}>
              {revealed ? t("webhook.secret.hide") : t("webhook.secret.show")}
            </Button>
          )}
          <CopyButton text={shown} label={t("webhook.secret.copy")} />
        </div>
      ) : (
        <p className="text-sm text-fg-muted">{t("webhook.secret.none")}</p>
      )}
      <div>
        <Button variant="secondary" onClick={() => setConfirming(true)} data-testid="webhook-regenerate">
          {shown ? t("webhook.secret.regenerate") : t("webhook.secret.generate")}
        </Button>
      </div>
      {regenerate.error && !confirming && <Alert tone="danger">{regenerate.error.message}</Alert>}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={t("webhook.secret.confirmTitle")}
        description={t("webhook.secret.confirmDescription")}
        confirmLabel={t("webhook.secret.regenerate")}
        pending={regenerate.isPending}
        onConfirm={() => regenerate.mutate()}
      >
        {regenerate.error && <Alert tone="danger">{regenerate.error.message}</Alert>}
      </ConfirmDialog>
    </section>
  );
}
