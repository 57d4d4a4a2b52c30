import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { QueryError } from "@/components/query-error";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PageSpinner } from "@/components/ui/spinner";
import { testResultMessage } from "@/lib/delivery-outcome";
import { useTRPC } from "@/lib/trpc";
import type { TargetView } from "../target-form";

/** The saved targets: service, events, channels; edit, test (the outcome shown beside it) and delete. */
export function TargetsCard({ onEdit }: { onEdit: (target: TargetView) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const targets = useQuery(trpc.notification.targets.queryOptions());
  return (
    <Card aria-labelledby="targets-title" data-testid="notification-targets">
      <CardHeader id="targets-title" title={t("notifications.targets.title")} />
      {targets.isError ? (
        <div className="p-4">
          <QueryError error={targets.error} retry={() => void targets.refetch()} />
        </div>
      ) : !targets.data ? (
        <div className="p-4">
          <PageSpinner />
        </div>
      ) : targets.data.length === 0 ? (
        <p className="p-4 text-sm text-fg-muted">{t("notifications.targets.empty")}</p>
      ) : (
        <ul className="divide-y divide-line">
          {targets.data.map((target) => (
            <TargetRow key={target.id} target={target} onEdit={() => onEdit(target)} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function TargetRow({ target, onEdit }: { target: TargetView; onEdit: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries(trpc.notification.pathFilter());
  const test = useMutation(trpc.notification.test.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(
    trpc.notification.delete.mutationOptions({
      onSuccess: () => void refresh().then(() => setConfirming(false)),
    }),
  );
  const result = test.data ? testResultMessage(test.data) : null;
  const channels =
    target.broadcaster_ids.length === 0
      ? t("notifications.targets.allChannels")
      : t("notifications.targets.channelCount", { count: target.broadcaster_ids.length });
  return (
    <li className="flex flex-col gap-2 p-4" data-testid="target-row" data-kind={target.kind}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <span className="font-medium text-fg">{target.name}</span>
          <Badge tone="brand">{t(`notifications.kinds.${target.kind}`)}</Badge>
          {!target.enabled && <Badge>{t("notifications.targets.off")}</Badge>}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button onClick={onEdit} aria-label={t("notifications.targets.editFor", { name: target.name })}>
            {t("notifications.targets.edit")}
          </Button>
          <Button
            onClick={() => test.mutate({ id: target.id })}
            disabled={test.isPending}
            aria-label={t("notifications.targets.testFor", { name: target.name })}
            data-testid="target-test"
          >
            {test.isPending ? t("notifications.targets.sending") : t("notifications.targets.test")}
          </Button>
          <Button
            variant="ghost"
            onClick={() => setConfirming(true)}
            aria-label={t("notifications.targets.deleteFor", { name: target.name })}
          >
            {t("notifications.targets.delete")}
          </Button>
        </div>
      </div>
      <p className="text-xs text-fg-muted">
        {target.events.length === 0
          ? t("notifications.targets.noEvents")
          : target.events.map((e) => t(`notifications.events.${e}`)).join(" · ")}
        {" — "}
        {channels}
      </p>
      {target.config === null && <Alert tone="warning">{t("notifications.targets.unreadable")}</Alert>}
      <div aria-live="polite" data-testid="target-test-result">
        {result && (
          <Alert tone={test.data?.ok ? "info" : "warning"}>
            {t(`notifications.testResult.${result.key}`, result.values)}
          </Alert>
        )}
        {test.error && <Alert tone="danger">{test.error.message}</Alert>}
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={t("notifications.targets.confirmTitle", { name: target.name })}
        description={t("notifications.targets.confirmDescription")}
        confirmLabel={t("notifications.targets.delete")}
        onConfirm={() => remove.mutate({ id: target.id })}
        pending={remove.isPending}
        error={remove.error?.message}
      />
    </li>
  );
}
