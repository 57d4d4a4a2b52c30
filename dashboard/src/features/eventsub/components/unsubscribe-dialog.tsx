import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useTRPC } from "@/lib/trpc";

/** Asks before deleting a subscription on Twitch; stays open with the error when that fails. */
export function UnsubscribeDialog({
  subscription,
  channel,
  onClose,
}: {
  subscription: { id: string; type: string };
  channel: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const unsubscribe = useMutation(
    trpc.eventsub.unsubscribe.mutationOptions({
      onSuccess: () => {
        onClose();
        return queryClient.invalidateQueries(trpc.eventsub.pathFilter());
      },
    }),
  );
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={t("eventsub.subscriptions.confirmTitle")}
      description={t("eventsub.subscriptions.confirmDescription", { type: subscription.type, channel })}
      confirmLabel={t("eventsub.subscriptions.unsubscribe")}
      pending={unsubscribe.isPending}
      error={unsubscribe.error?.message}
      onConfirm={() => unsubscribe.mutate({ id: subscription.id, reason: "manual" })}
    />
  );
}
